import { timingSafeEqual } from 'node:crypto';
import { get } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import type { UserInfo } from '../user';
import type { ServiceAccountTokenConfig } from './config';
import { signJwt, verifiedPayload } from './jwt';
import { BoundRef, boundClaims, KubernetesClaim, legacyClaims, serviceAccountUser, TokenSubject, validateClaims } from './sa-claims';
import { resource } from '../../controllers/client';

const SECRETS = resource('', 'v1', 'secrets');

export const nowSeconds = (c: ServiceAccountTokenConfig): number => Math.floor((c.now?.() ?? Date.now()) / 1000);

/** A bound token (TokenRequest, the kubelet's projected token) and when it expires (seconds). */
export function issueToken(c: ServiceAccountTokenConfig, kubernetes: KubernetesClaim, audiences: string[], expirationSeconds: number): { token: string; exp: number } {
  const claims = boundClaims({ issuer: c.issuer, audiences, expirationSeconds, nowSeconds: nowSeconds(c), kubernetes });
  return { token: signJwt({ ...claims }, c.key.privateKey, c.key.kid), exp: claims.exp };
}

/** A legacy token for a `kubernetes.io/service-account-token` Secret: no expiry, no audience. */
export function issueLegacyToken(c: ServiceAccountTokenConfig, namespace: string, sa: BoundRef, secretName: string): string {
  return signJwt(legacyClaims(namespace, sa, secretName), c.key.privateKey, c.key.kid);
}

export type Authenticated = { user: UserInfo; audiences: string[] } | { error: string };

/**
 * A service account token's user, or why not: the signature, upstream's claim checks, then that
 * each object the token is bound to (service account, pod, secret, node) still exists with the
 * token's uid (a deleted and recreated object of the same name has another uid).
 */
export async function authenticateServiceAccountToken(ctx: RestContext, c: ServiceAccountTokenConfig, token: string, audiences = c.audiences): Promise<Authenticated> {
  const payload = verifiedPayload(token, c.key.publicKey);
  if (!payload) return { error: 'invalid bearer token' };
  const result = validateClaims(payload, { issuers: [c.issuer], audiences, nowSeconds: nowSeconds(c) });
  if (!result.ok) return { error: result.reason };
  const problem = await boundObjectProblem(ctx, c, result.subject, token);
  if (problem) return { error: problem };
  const k = result.subject.kubernetes;
  // A legacy token's Secret is known by name; the uid the user shows is the service account's.
  const subject: TokenSubject = result.subject.legacy ? { ...result.subject, kubernetes: { namespace: k.namespace, serviceaccount: k.serviceaccount } } : result.subject;
  return { user: serviceAccountUser(subject), audiences: result.subject.legacy ? audiences : result.subject.audiences.filter((a) => audiences.includes(a)) };
}

/** Objects found alive, by kind/namespace/name/uid, until when (ms): the bound the docs state. */
const alive = new Map<string, number>();

async function boundObjectProblem(ctx: RestContext, c: ServiceAccountTokenConfig, s: TokenSubject, token: string): Promise<string | undefined> {
  const k = s.kubernetes;
  const ns = k.namespace;
  const sa = await live(ctx, c, 'serviceaccounts', ns, k.serviceaccount);
  if (!sa) return `service account ${ns}/${k.serviceaccount.name} has been deleted`;
  if (k.pod && !(await live(ctx, c, 'pods', ns, k.pod))) return `pod ${ns}/${k.pod.name} has been deleted`;
  if (k.node && !(await live(ctx, c, 'nodes', undefined, k.node))) return `node ${k.node.name} has been deleted`;
  if (s.legacy && k.secret) {
    // Legacy tokens are revoked by deleting their Secret or changing its token: read it each time.
    const secret = await get(ctx, SECRETS, ns, k.secret.name);
    const held = Buffer.from(String((secret?.data as Record<string, string> | undefined)?.token ?? ''), 'base64');
    const given = Buffer.from(token);
    if (!secret || secret.metadata.deletionTimestamp || held.length !== given.length || !timingSafeEqual(held, given)) {
      return `secret ${ns}/${k.secret.name} has been deleted`;
    }
  } else if (k.secret && !(await live(ctx, c, 'secrets', ns, k.secret))) {
    return `secret ${ns}/${k.secret.name} has been deleted`;
  }
  return undefined;
}

const DEFS = { serviceaccounts: resource('', 'v1', 'serviceaccounts'), pods: resource('', 'v1', 'pods'), nodes: resource('', 'v1', 'nodes'), secrets: SECRETS };

async function live(ctx: RestContext, c: ServiceAccountTokenConfig, kind: keyof typeof DEFS, namespace: string | undefined, ref: BoundRef): Promise<boolean> {
  const key = `${kind}/${namespace ?? ''}/${ref.name}/${ref.uid}`;
  const now = Date.now();
  const until = alive.get(key);
  if (until !== undefined && until > now) return true;
  const obj: KubeObject | undefined = await get<KubeObject>(ctx, DEFS[kind], namespace, ref.name);
  // A terminating pod keeps its identity until it is gone (it may still call the API while it stops).
  const ok = !!obj && obj.metadata.uid === ref.uid && (kind === 'pods' || !obj.metadata.deletionTimestamp);
  const ttl = (c.boundObjectCacheSeconds ?? DEFAULT_BOUND_CACHE_SECONDS) * 1000;
  if (ok && ttl > 0) alive.set(key, now + ttl);
  else alive.delete(key);
  if (alive.size > 10000) alive.clear();
  return ok;
}

/** A deleted service account, pod, secret or node's tokens stop working within this many seconds. */
export const DEFAULT_BOUND_CACHE_SECONDS = 10;
