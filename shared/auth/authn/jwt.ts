import { KeyObject, sign, verify } from 'node:crypto';

/** A compact JWS (RFC 7515) signed ES256 with node:crypto: header.payload.signature, base64url. */
export function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = { alg: 'ES256', kid };
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Looks like a JWT: three base64url parts. What the service account authenticator tries. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * The payload of a token whose ES256 signature verifies with `key`; undefined for anything else
 * (malformed parts, another algorithm, another key, a payload that is not a JSON object).
 */
export function verifiedPayload(token: string, key: KeyObject): Record<string, unknown> | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const [h, p, s] = token.split('.');
  const header = parse(h);
  if (!header || header.alg !== 'ES256') return undefined;
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) return undefined;
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) return undefined;
  return parse(p);
}

function parse(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
