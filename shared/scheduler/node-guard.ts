import { QueryCommand, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { ObjectStore } from '../storage/store';

/**
 * A binding counter per node (pk `a#nodebind`), read with the snapshot and bumped in each binding's
 * transaction on the condition that it still has the value the snapshot saw. Two scheduler
 * invocations deciding from different snapshots can therefore never both bind onto the same node:
 * the second one's condition fails, it re-reads, and decides again with the first one's pods in view.
 */
const PK = 'a#nodebind';

export async function readNodeGuards(store: ObjectStore): Promise<Map<string, number>> {
  const guards = new Map<string, number>();
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await store.client.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: PK } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) guards.set(item.sk.S as string, Number(item.v.N));
    start = out.LastEvaluatedKey;
  } while (start);
  return guards;
}

/** The guard moved on by `count` bindings, on the condition that it is still at `expected`. */
export function bumpNodeGuard(node: string, expected: number, count = 1): (table: string) => TransactWriteItem {
  return (table) => ({
    Put: {
      TableName: table,
      Item: { pk: { S: PK }, sk: { S: node }, v: { N: String(expected + count) } },
      ConditionExpression: expected === 0 ? 'attribute_not_exists(pk) OR v = :e' : 'v = :e',
      ExpressionAttributeValues: { ':e': { N: String(expected) } },
    },
  });
}
