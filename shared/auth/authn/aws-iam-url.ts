/**
 * The checks aws-iam-authenticator makes of an EKS-style token before it sends the request to STS:
 * `k8s-aws-v1.` then the unpadded base64url of a presigned STS GetCallerIdentity URL, on an STS
 * host, with only the presigning query parameters (each once), the cluster's name signed in the
 * `x-k8s-aws-id` header, and a signing date at most 15 minutes old.
 */
export const TOKEN_PREFIX = 'k8s-aws-v1.';
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** aws-iam-authenticator's token lifetime, whatever X-Amz-Expires says. */
export const TOKEN_LIFETIME_SECONDS = 15 * 60;
const MAX_TOKEN_LENGTH = 8192;

const ALLOWED = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export interface UrlCheckOptions {
  nowMs: number;
  /** An STS endpoint configured instead of AWS's (an emulator): tokens for it or for AWS's STS hosts are sent there. */
  endpoint?: string;
}

/** STS's public hosts: the global one and the regional ones (aws, aws-cn partitions). */
const STS_HOST = /^sts(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/;

export function checkPresignedUrl(token: string, o: UrlCheckOptions): UrlCheck {
  if (!token.startsWith(TOKEN_PREFIX)) return { ok: false, reason: 'token is missing expected "k8s-aws-v1." prefix' };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'token is too large' };
  const encoded = token.slice(TOKEN_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return { ok: false, reason: 'illegal base64 data in token' };
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed presigned URL' };
  }
  const onSts = url.protocol === 'https:' && STS_HOST.test(url.hostname) && url.port === '';
  const configured = o.endpoint ? new URL(o.endpoint) : undefined;
  if (!onSts && url.origin !== configured?.origin) return { ok: false, reason: `unexpected hostname "${url.hostname}" in pre-signed URL` };
  // A configured endpoint stands in for STS: a token presigned for AWS's host (by a CLI that
  // cannot be pointed elsewhere) is checked there too.
  if (configured) url = new URL(`${url.pathname}${url.search}`, configured.origin);
  if (url.pathname !== '/') return { ok: false, reason: 'unexpected path in pre-signed URL' };
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) return { ok: false, reason: `duplicate query parameter found: "${key}"` };
    seen.add(lower);
    if (!ALLOWED.has(lower)) return { ok: false, reason: `non-whitelisted query parameter "${key}"` };
  }
  const param = (name: string): string | undefined => [...url.searchParams.entries()].find(([k]) => k.toLowerCase() === name)?.[1];
  if (param('action') !== 'GetCallerIdentity') return { ok: false, reason: 'unexpected action parameter in pre-signed URL' };
  if (param('version') !== '2011-06-15') return { ok: false, reason: 'unexpected version parameter in pre-signed URL' };
  const signed = (param('x-amz-signedheaders') ?? '').toLowerCase().split(';');
  if (!signed.includes(CLUSTER_ID_HEADER)) return { ok: false, reason: `client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL` };
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(param('x-amz-date') ?? '');
  if (!date) return { ok: false, reason: 'error parsing X-Amz-Date parameter' };
  const signedAt = Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]);
  const expires = Number(param('x-amz-expires'));
  if (!Number.isInteger(expires) || expires <= 0 || expires > TOKEN_LIFETIME_SECONDS) return { ok: false, reason: 'X-Amz-Expires parameter is out of range' };
  if (o.nowMs > signedAt + TOKEN_LIFETIME_SECONDS * 1000) return { ok: false, reason: 'X-Amz-Date parameter is expired (15 minute expiration)' };
  if (signedAt > o.nowMs + 5 * 60 * 1000) return { ok: false, reason: 'X-Amz-Date parameter is in the future' };
  return { ok: true, url };
}
