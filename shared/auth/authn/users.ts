import { AttributeValue, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { createHash, randomUUID } from 'node:crypto';
import type { ObjectStore } from '../../storage/store';
import type { UserInfo } from '../user';

/**
 * Users with static tokens (kube-apiserver's --token-auth-file, kept in the table): one item per
 * token under pk `c#auth`, sk `token#<sha256 of the token>`. Only the digest is stored; the token
 * is shown once when the user is added. A lookup reads the table each time, so removing a user
 * makes their token fail with the next request.
 */
const PK = { S: 'c#auth' };
const PREFIX = 'token#';

export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface StoredUser {
  username: string;
  uid: string;
  groups: string[];
}

type Item = Record<string, AttributeValue>;

export async function addUserToken(store: ObjectStore, user: { username: string; groups: string[] }, token: string): Promise<StoredUser> {
  const stored: StoredUser = { username: user.username, uid: randomUUID(), groups: user.groups };
  await store.client.send(
    new PutItemCommand({
      TableName: store.tableName,
      Item: { pk: PK, sk: { S: `${PREFIX}${tokenDigest(token)}` }, username: { S: stored.username }, uid: { S: stored.uid }, groups: { L: stored.groups.map((g) => ({ S: g })) } },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return stored;
}

export async function listUsers(store: ObjectStore): Promise<(StoredUser & { digest: string })[]> {
  const users: (StoredUser & { digest: string })[] = [];
  let start: Item | undefined;
  do {
    const out = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': PK, ':p': { S: PREFIX } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) users.push({ ...userOf(item), digest: item.sk?.S ?? '' });
    start = out.LastEvaluatedKey;
  } while (start);
  return users;
}

/** Removes every token of the user; how many there were. */
export async function removeUser(store: ObjectStore, username: string): Promise<number> {
  const mine = (await listUsers(store)).filter((u) => u.username === username);
  for (const u of mine) await store.client.send(new DeleteItemCommand({ TableName: store.tableName, Key: { pk: PK, sk: { S: u.digest } } }));
  return mine.length;
}

/** The user a static token stands for (groups always include system:authenticated), if any. */
export async function userOfToken(store: ObjectStore, token: string): Promise<UserInfo | undefined> {
  const out = await store.client.send(new GetItemCommand({ TableName: store.tableName, Key: { pk: PK, sk: { S: `${PREFIX}${tokenDigest(token)}` } }, ConsistentRead: true }));
  if (!out.Item) return undefined;
  const u = userOf(out.Item);
  return { username: u.username, uid: u.uid, groups: u.groups.includes('system:authenticated') ? u.groups : [...u.groups, 'system:authenticated'] };
}

function userOf(item: Item): StoredUser {
  return { username: item.username?.S ?? '', uid: item.uid?.S ?? '', groups: (item.groups?.L ?? []).map((g) => g.S ?? '').filter(Boolean) };
}
