import { get, resource } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import { mapIdentity, Identity } from './aws-auth-map';
import { checkPresignedUrl, CLUSTER_ID_HEADER } from './aws-iam-url';
import type { Authenticated } from './sa-tokens';

const CONFIGMAPS = resource('', 'v1', 'configmaps');
export const AWS_AUTH_CONFIGMAP = 'aws-auth';

/** Where IAM sign-in asks STS and which cluster name tokens must be signed for. */
export interface IamAuthConfig {
  clusterId: string;
  /** STS endpoint instead of AWS's (an emulator, from AwsSettings.endpoint). */
  endpoint?: string;
  now?: () => number;
  /** Sends the presigned request (tests may swap it); fetch by default. */
  fetch?: typeof fetch;
}

/**
 * An EKS-style IAM token: checked as aws-iam-authenticator checks it, sent to STS with the cluster
 * name header (STS verifies the signature and answers who signed), the ARN mapped through aws-auth.
 */
export async function authenticateIamToken(ctx: RestContext, c: IamAuthConfig, token: string): Promise<Authenticated> {
  const check = checkPresignedUrl(token, { nowMs: c.now?.() ?? Date.now(), endpoint: c.endpoint });
  if (!check.ok) return { error: `input token was not properly formatted: ${check.reason}` };
  const id = await callerIdentity(c, check.url);
  if ('error' in id) return id;
  const cm = await get(ctx, CONFIGMAPS, 'kube-system', AWS_AUTH_CONFIGMAP);
  const credential = check.url.searchParams.get('X-Amz-Credential') ?? '';
  const user = mapIdentity(cm?.data as Record<string, string> | undefined, id, credential.split('/')[0]);
  if (!user) return { error: `ARN is not mapped: ${id.arn}` };
  return { user, audiences: [] };
}

/** Sends a checked presigned request to STS with the cluster's name header; who signed it, or why not. */
export async function callerIdentity(c: IamAuthConfig, url: URL): Promise<Identity | { error: string }> {
  let res: Response;
  try {
    res = await (c.fetch ?? fetch)(url, { headers: { [CLUSTER_ID_HEADER]: c.clusterId, accept: 'application/json' }, signal: AbortSignal.timeout(10000) });
  } catch (err) {
    return { error: `error during GET: ${(err as Error).message}` };
  }
  const text = await res.text();
  if (res.status !== 200) return { error: `sts getCallerIdentity failed: error from AWS (expected 200, got ${res.status})` };
  const id = parseIdentity(text);
  return id ?? { error: 'sts getCallerIdentity returned an unreadable answer' };
}

/** STS answers JSON when asked (AWS does) or XML (its default, and some emulators' only form). */
export function parseIdentity(text: string): Identity | undefined {
  try {
    const r = (JSON.parse(text) as { GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: string; Account?: string; UserId?: string } } }).GetCallerIdentityResponse?.GetCallerIdentityResult;
    if (r?.Arn && r.Account && r.UserId) return { arn: r.Arn, account: r.Account, userId: r.UserId };
  } catch {
    // not JSON: try XML
  }
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const arn = tag('Arn');
  const account = tag('Account');
  const userId = tag('UserId');
  return arn && account && userId ? { arn, account, userId } : undefined;
}
