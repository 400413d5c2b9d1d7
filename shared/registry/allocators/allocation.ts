import { GetItemCommand, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { ObjectStore } from '../../storage/store';

/**
 * Allocation records for unique values (ClusterIPs, NodePorts): one item per value, claimed with
 * a conditional put in the owner's own transaction, so a value is never given out twice and never
 * leaks when the object write fails.
 */
export const allocationPk = (pool: string): string => `a#${pool}`;

export function claim(pool: string, value: string, owner: string): (table: string) => TransactWriteItem {
  return (table) => ({
    Put: {
      TableName: table,
      Item: { pk: { S: allocationPk(pool) }, sk: { S: value }, owner: { S: owner } },
      ConditionExpression: 'attribute_not_exists(pk) OR #o = :o',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':o': { S: owner } },
    },
  });
}

export function release(pool: string, value: string): (table: string) => TransactWriteItem {
  return (table) => ({ Delete: { TableName: table, Key: { pk: { S: allocationPk(pool) }, sk: { S: value } } } });
}

export async function isFree(store: ObjectStore, pool: string, value: string, owner: string): Promise<boolean> {
  const out = await store.client.send(
    new GetItemCommand({
      TableName: store.tableName,
      Key: { pk: { S: allocationPk(pool) }, sk: { S: value } },
      ConsistentRead: true,
    }),
  );
  return !out.Item || out.Item.owner?.S === owner;
}

/** Picks a random free value, checking a few candidates; the transaction's condition is the real guard. */
export async function pickFree(
  store: ObjectStore,
  pool: string,
  owner: string,
  random: () => string,
  taken: Set<string> = new Set(),
): Promise<string | undefined> {
  for (let i = 0; i < 32; i++) {
    const value = random();
    if (taken.has(value)) continue;
    if (await isFree(store, pool, value, owner)) return value;
  }
  return undefined;
}
