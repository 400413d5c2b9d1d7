import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ObjectStore } from '../storage/store';

/** The admin token's digest lives in the table (pk `c#auth`), never the token itself. */
const KEY = { pk: { S: 'c#auth' }, sk: { S: 'admin' } };

export async function storedTokenHash(store: ObjectStore): Promise<string | undefined> {
  const out = await store.client.send(new GetItemCommand({ TableName: store.tableName, Key: KEY, ConsistentRead: true }));
  return out.Item?.hash?.S;
}

export async function storeTokenHash(store: ObjectStore, hash: string): Promise<void> {
  await store.client.send(new PutItemCommand({ TableName: store.tableName, Item: { ...KEY, hash: { S: hash } } }));
}
