import { randomUUID } from 'node:crypto';
import type { UserInfo } from '../user';

/** An object a token is bound to (`kubernetes.io.pod`, `.secret`, `.node`). */
export interface BoundRef {
  name: string;
  uid: string;
}

/** The private claim upstream puts in bound service account tokens. */
export interface KubernetesClaim {
  namespace: string;
  serviceaccount: BoundRef;
  pod?: BoundRef;
  secret?: BoundRef;
  node?: BoundRef;
}

export interface BoundClaims {
  iss: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  sub: string;
  jti: string;
  'kubernetes.io': KubernetesClaim;
}

/** Legacy (Secret-held) tokens carry upstream's flat claims, no expiry and no audience. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
const LEGACY = 'kubernetes.io/serviceaccount/';

export interface IssueRequest {
  issuer: string;
  audiences: string[];
  expirationSeconds: number;
  nowSeconds: number;
  kubernetes: KubernetesClaim;
}

export const serviceAccountUsername = (namespace: string, name: string): string => `system:serviceaccount:${namespace}:${name}`;

export function boundClaims(r: IssueRequest): BoundClaims {
  return {
    aud: r.audiences,
    exp: r.nowSeconds + r.expirationSeconds,
    iat: r.nowSeconds,
    iss: r.issuer,
    jti: randomUUID(),
    'kubernetes.io': r.kubernetes,
    nbf: r.nowSeconds,
    sub: serviceAccountUsername(r.kubernetes.namespace, r.kubernetes.serviceaccount.name),
  };
}

export function legacyClaims(namespace: string, sa: BoundRef, secretName: string): Record<string, string> {
  return {
    iss: LEGACY_ISSUER,
    [`${LEGACY}namespace`]: namespace,
    [`${LEGACY}secret.name`]: secretName,
    [`${LEGACY}service-account.name`]: sa.name,
    [`${LEGACY}service-account.uid`]: sa.uid,
    sub: serviceAccountUsername(namespace, sa.name),
  };
}

/** What a token's claims say, once they pass: who, and which objects must still exist. */
export interface TokenSubject {
  kubernetes: KubernetesClaim;
  audiences: string[];
  /** Legacy tokens: the Secret must still hold exactly this token. */
  legacy?: boolean;
  jti?: string;
  exp?: number;
}

export type ClaimsResult = { ok: true; subject: TokenSubject } | { ok: false; reason: string };

export interface ValidationOptions {
  issuers: string[];
  audiences: string[];
  nowSeconds: number;
}

/** go-jose's default leeway, which upstream's validator uses for exp and nbf. */
const LEEWAY_SECONDS = 60;

const isRef = (v: unknown): v is BoundRef => !!v && typeof v === 'object' && typeof (v as BoundRef).name === 'string' && typeof (v as BoundRef).uid === 'string';

/** Upstream's checks of a verified token's claims, in its order, with its reasons. */
export function validateClaims(c: Record<string, unknown>, o: ValidationOptions): ClaimsResult {
  if (c.iss === LEGACY_ISSUER) return validateLegacy(c);
  if (typeof c.iss !== 'string' || !o.issuers.includes(c.iss)) return { ok: false, reason: 'token issuer is not trusted' };
  const aud = typeof c.aud === 'string' ? [c.aud] : Array.isArray(c.aud) ? c.aud.filter((a): a is string => typeof a === 'string') : [];
  if (!aud.some((a) => o.audiences.includes(a))) return { ok: false, reason: 'token audiences is invalid' };
  if (typeof c.exp !== 'number') return { ok: false, reason: 'service account token has no expiry' };
  if (o.nowSeconds > c.exp + LEEWAY_SECONDS) return { ok: false, reason: 'service account token has expired' };
  if (typeof c.nbf === 'number' && o.nowSeconds + LEEWAY_SECONDS < c.nbf) return { ok: false, reason: 'service account token is not valid yet' };
  if (typeof c.iat === 'number' && o.nowSeconds + LEEWAY_SECONDS < c.iat) return { ok: false, reason: 'service account token issued in the future' };
  const k = c['kubernetes.io'] as Partial<KubernetesClaim> | undefined;
  if (!k || typeof k.namespace !== 'string' || !isRef(k.serviceaccount)) return { ok: false, reason: 'service account token claims are malformed' };
  if (c.sub !== serviceAccountUsername(k.namespace, k.serviceaccount.name)) return { ok: false, reason: 'service account token claims are malformed' };
  for (const ref of [k.pod, k.secret, k.node]) if (ref !== undefined && !isRef(ref)) return { ok: false, reason: 'service account token claims are malformed' };
  const kubernetes: KubernetesClaim = { namespace: k.namespace, serviceaccount: k.serviceaccount, ...(k.pod ? { pod: k.pod } : {}), ...(k.secret ? { secret: k.secret } : {}), ...(k.node ? { node: k.node } : {}) };
  return { ok: true, subject: { kubernetes, audiences: aud, jti: typeof c.jti === 'string' ? c.jti : undefined, exp: c.exp } };
}

function validateLegacy(c: Record<string, unknown>): ClaimsResult {
  const ns = c[`${LEGACY}namespace`];
  const secret = c[`${LEGACY}secret.name`];
  const name = c[`${LEGACY}service-account.name`];
  const uid = c[`${LEGACY}service-account.uid`];
  if (typeof ns !== 'string' || typeof secret !== 'string' || typeof name !== 'string' || typeof uid !== 'string' || c.sub !== serviceAccountUsername(ns, name)) {
    return { ok: false, reason: 'service account token claims are malformed' };
  }
  return { ok: true, subject: { kubernetes: { namespace: ns, serviceaccount: { name, uid }, secret: { name: secret, uid: '' } }, audiences: [], legacy: true } };
}

/** The user a service account token stands for, with upstream's groups and extra. */
export function serviceAccountUser(s: TokenSubject): UserInfo {
  const k = s.kubernetes;
  const extra: Record<string, string[]> = {};
  if (k.pod) {
    extra['authentication.kubernetes.io/pod-name'] = [k.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k.pod.uid];
  }
  if (k.node) {
    extra['authentication.kubernetes.io/node-name'] = [k.node.name];
    extra['authentication.kubernetes.io/node-uid'] = [k.node.uid];
  }
  if (s.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${s.jti}`];
  return {
    username: serviceAccountUsername(k.namespace, k.serviceaccount.name),
    uid: k.serviceaccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${k.namespace}`, 'system:authenticated'],
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}
