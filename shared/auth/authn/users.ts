import { createHash, randomUUID } from 'node:crypto';
import type { ObjectStore, SideAttributes } from '../../storage/store';
import type { UserInfo } from '../user';

/**
 * Users with static tokens (kube-apiserver's --token-auth-file, kept in the table): one item per
 * token under pk `c#auth`, sk `token#<sha256 of the token>`. Only the digest is stored; the token
 * is shown once when the user is added. A lookup reads the table each time, so removing a user
 * makes their token fail with the next request.
 */
const PK = 'c#auth';
const PREFIX = 'token#';

export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface StoredUser {
  username: string;
  uid: string;
  groups: string[];
}

export async function addUserToken(store: ObjectStore, user: { username: string; groups: string[] }, token: string): Promise<StoredUser> {
  const stored: StoredUser = { username: user.username, uid: randomUUID(), groups: user.groups };
  const added = await store.writeSideItem({
    put: { pk: PK, sk: `${PREFIX}${tokenDigest(token)}` },
    attributes: { username: stored.username, uid: stored.uid, groups: stored.groups },
    condition: { absent: true },
  });
  if (!added) throw new Error('a user with this token exists already');
  return stored;
}

export async function listUsers(store: ObjectStore): Promise<(StoredUser & { digest: string })[]> {
  return (await store.sideItems(PK, PREFIX)).map((item) => ({ ...userOf(item.attributes), digest: item.sk }));
}

/** Removes every token of the user; how many there were. */
export async function removeUser(store: ObjectStore, username: string): Promise<number> {
  const mine = (await listUsers(store)).filter((u) => u.username === username);
  for (const u of mine) await store.writeSideItem({ delete: { pk: PK, sk: u.digest } });
  return mine.length;
}

/** The user a static token stands for (groups always include system:authenticated), if any. */
export async function userOfToken(store: ObjectStore, token: string): Promise<UserInfo | undefined> {
  const item = await store.sideItem({ pk: PK, sk: `${PREFIX}${tokenDigest(token)}` });
  if (!item) return undefined;
  const u = userOf(item);
  return { username: u.username, uid: u.uid, groups: u.groups.includes('system:authenticated') ? u.groups : [...u.groups, 'system:authenticated'] };
}

function userOf(item: SideAttributes): StoredUser {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { username: text(item.username), uid: text(item.uid), groups: Array.isArray(item.groups) ? item.groups.filter(Boolean) : [] };
}
