import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '../api/errors';
import { ADMIN_USER, UserInfo } from '../auth/user';
import { ApiRequest } from './http';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Paths upstream serves without authentication (system:public-info-viewer). */
const PUBLIC = new Set(['/healthz', '/livez', '/readyz', '/version']);

export function isPublic(path: string): boolean {
  return PUBLIC.has(path) || PUBLIC.has(path.replace(/\/$/, ''));
}

/**
 * Bearer tokens are compared by their sha256 digest; only digests are ever configured or stored.
 * Every configured token is the cluster admin's.
 */
export function authenticate(req: ApiRequest, tokenHashes: string[]): UserInfo {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedError();
  const digest = Buffer.from(hashToken(match[1]), 'hex');
  const ok = tokenHashes.some((h) => {
    const known = Buffer.from(h, 'hex');
    return known.length === digest.length && timingSafeEqual(known, digest);
  });
  if (!ok) throw new UnauthorizedError();
  return ADMIN_USER;
}
