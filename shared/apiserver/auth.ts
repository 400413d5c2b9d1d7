import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../api/errors';
import { authenticateIamToken } from '../auth/authn/aws-iam';
import { TOKEN_PREFIX } from '../auth/authn/aws-iam-url';
import { looksLikeJwt } from '../auth/authn/jwt';
import { Authenticated, authenticateServiceAccountToken } from '../auth/authn/sa-tokens';
import { userOfToken } from '../auth/authn/users';
import { userOfClientCertificate } from '../auth/authn/x509';
import { ADMIN_USER, ANONYMOUS_USER, UserInfo } from '../auth/user';
import type { ApiContext } from './context';
import { ApiRequest } from './http';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Paths upstream serves without authentication (system:public-info-viewer, service account issuer discovery). */
const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version', '/.well-known/openid-configuration', '/openid/v1/jwks']);

export function isPublic(path: string): boolean {
  return PUBLIC.has(path) || PUBLIC.has(path.replace(/\/$/, ''));
}

/**
 * The request's bearer token, as upstream's bearer token authenticator reads it: the
 * Authorization header only (a token in the query string, `?access_token=`, authenticates nobody).
 */
export function bearerToken(req: Pick<ApiRequest, 'headers'>): string | undefined {
  const header = (req.headers.authorization ?? '').trim();
  const parts = header.split(' ');
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer') return undefined;
  const token = parts[parts.length - 1];
  return token || undefined;
}

/** Whether a digest is among the configured ones, comparing every one in constant time. */
function knownDigest(token: string, hashes: string[]): boolean {
  const digest = Buffer.from(hashToken(token), 'hex');
  let found = false;
  for (const h of hashes) {
    const known = Buffer.from(h, 'hex');
    if (known.length === digest.length && timingSafeEqual(known, digest)) found = true;
  }
  return found;
}

/**
 * Upstream's union of token authenticators, each trying the token in turn: the admin token (its
 * digest in memory), an EKS-style IAM token (`k8s-aws-v1.`), a service account JWT, then the
 * users' static tokens (digests in the table). What went wrong is for TokenReview and the logs,
 * never for a 401's body.
 */
export async function authenticateToken(ctx: ApiContext, token: string, audiences?: string[]): Promise<Authenticated> {
  if (knownDigest(token, ctx.config.tokenHashes)) return { user: ADMIN_USER, audiences: audiences ?? ctx.serviceAccountTokens?.audiences ?? [] };
  if (token.startsWith(TOKEN_PREFIX)) {
    if (!ctx.config.iam) return { error: 'invalid bearer token' };
    return authenticateIamToken(ctx, ctx.config.iam, token);
  }
  if (looksLikeJwt(token) && ctx.serviceAccountTokens) {
    const sa = await authenticateServiceAccountToken(ctx, ctx.serviceAccountTokens, token, audiences);
    if ('user' in sa || sa.error !== 'invalid bearer token') return sa;
  }
  const user = await userOfToken(ctx.store, token);
  return user ? { user, audiences: audiences ?? ctx.serviceAccountTokens?.audiences ?? [] } : { error: 'invalid bearer token' };
}

/**
 * The request's user, or upstream's 401 (`Unauthorized`, nothing more). As upstream's union, a
 * verified client certificate is tried before the bearer token.
 */
export async function authenticate(ctx: ApiContext, req: ApiRequest): Promise<UserInfo> {
  const byCert = req.clientCertificate ? userOfClientCertificate(req.clientCertificate) : undefined;
  if (byCert && 'user' in byCert) return byCert.user;
  const token = bearerToken(req);
  if (!token && byCert) req.authenticationError = byCert.error;
  // As upstream: a request with no credentials is anonymous, one whose credentials fail is not.
  if (!token && !byCert && ctx.config.anonymousAuth !== false) return ANONYMOUS_USER;
  if (!token) throw new UnauthorizedError();
  const result = await authenticateToken(ctx, token);
  if ('error' in result) {
    req.authenticationError = result.error;
    throw new UnauthorizedError();
  }
  return result.user;
}
