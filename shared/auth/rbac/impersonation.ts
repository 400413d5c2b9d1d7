import { BadRequestError } from '../../api/errors';
import type { UserInfo } from '../user';
import type { Attributes } from './attributes';
import { authorize } from './authorizer';
import { deniedError } from './forbidden';
import type { Policy } from './policy';
import { SERVICE_ACCOUNT_PREFIX } from './policy';

const USER = 'impersonate-user';
const GROUP = 'impersonate-group';
const UID = 'impersonate-uid';
const EXTRA = 'impersonate-extra-';

/** Header values by lowercased name; a repeated header (Impersonate-Group) arrives comma-joined or as an array. */
export type Headers = Record<string, string | string[] | undefined>;

const values = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== '');

export function isImpersonating(headers: Headers): boolean {
  return Object.keys(headers).some((h) => h === USER || h === GROUP || h === UID || h.startsWith(EXTRA));
}

/**
 * Upstream's impersonation filter: the requester must hold `impersonate` on each thing they ask to
 * be (users or serviceaccounts, groups, uids, userextras/<key>); the request then runs as the
 * impersonated user, who is in system:authenticated unless they are system:anonymous.
 */
export function impersonate(policy: Policy, requester: UserInfo, headers: Headers): UserInfo {
  const [username] = values(headers[USER]);
  const groups = values(headers[GROUP]);
  const [uid] = values(headers[UID]);
  const extra: Record<string, string[]> = {};
  for (const [h, v] of Object.entries(headers)) if (h.startsWith(EXTRA)) extra[decodeURIComponent(h.slice(EXTRA.length))] = values(v);
  if (!username) throw new BadRequestError(`requested impersonation of groups, uid or extra without impersonating a user`);
  const check = (attrs: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'apiVersion' | 'path' | 'subresource' | 'namespace'> & Partial<Attributes>) => {
    const a: Attributes = { user: requester, verb: 'impersonate', resourceRequest: true, apiVersion: '', path: '', subresource: '', namespace: '', ...attrs };
    const decision = authorize(policy, a);
    if (!decision.allowed) throw deniedError(a, decision.reason);
  };
  let impersonatedGroups = groups;
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX) && username.split(':').length === 4) {
    const [, , namespace, name] = username.split(':');
    check({ apiGroup: '', resource: 'serviceaccounts', namespace, name });
    if (groups.length === 0) impersonatedGroups = ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
  } else {
    check({ apiGroup: '', resource: 'users', name: username });
  }
  for (const g of groups) check({ apiGroup: '', resource: 'groups', name: g });
  if (uid) check({ apiGroup: 'authentication.k8s.io', resource: 'uids', name: uid });
  for (const [key, vals] of Object.entries(extra)) for (const v of vals) check({ apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource: key, name: v });
  return { username, ...(uid ? { uid } : {}), groups: withDefaultGroup(username, impersonatedGroups), ...(Object.keys(extra).length ? { extra } : {}) };
}

function withDefaultGroup(username: string, groups: string[]): string[] {
  if (username === 'system:anonymous') return groups.includes('system:unauthenticated') ? groups : [...groups, 'system:unauthenticated'];
  return groups.includes('system:authenticated') || groups.includes('system:unauthenticated') ? groups : [...groups, 'system:authenticated'];
}

/** The request's headers without the impersonation ones, as upstream strips them once applied. */
export function withoutImpersonation<T extends Headers>(headers: T): T {
  return Object.fromEntries(Object.entries(headers).filter(([h]) => !(h === USER || h === GROUP || h === UID || h.startsWith(EXTRA)))) as T;
}
