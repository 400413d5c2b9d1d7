import { AttributeValue, BatchWriteItemCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { logPk, tombstonePk } from './keys';
import { TABLE_SCHEMA } from './schema';

type Key = Record<string, AttributeValue>;

/**
 * Deletes the expired prefix of a resource's change log, never past `resolved`: a hole in the
 * middle would read as compaction to watchers, and a reader settling revisions above the
 * watermark would take a compacted record for a writer in flight. Returns the records removed.
 */
export async function compactLog(client: DynamoDBClient, table: string, resource: string, resolved: number, nowSeconds: number): Promise<number> {
  let removed = 0;
  let start: Key | undefined;
  for (;;) {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: logPk(resource) } },
        ProjectionExpression: 'pk, sk, #e',
        ExpressionAttributeNames: { '#e': TABLE_SCHEMA.ttlAttribute },
        Limit: 100,
        ExclusiveStartKey: start,
      }),
    );
    const items = out.Items ?? [];
    const firstLive = items.findIndex((i) => Number(i.exp?.N ?? '0') > nowSeconds || Number(i.sk.S) > resolved);
    const expired = firstLive < 0 ? items : items.slice(0, firstLive);
    await deleteAll(client, table, expired);
    removed += expired.length;
    if (expired.length < items.length || !out.LastEvaluatedKey) return removed;
    start = out.LastEvaluatedKey;
  }
}

/** Deletes a resource's expired tombstones; unlike the log, they have no order to keep. */
export async function compactTombstones(client: DynamoDBClient, table: string, resource: string, nowSeconds: number): Promise<number> {
  let removed = 0;
  let start: Key | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#e <= :now',
        ExpressionAttributeValues: { ':pk': { S: tombstonePk(resource) }, ':now': { N: String(nowSeconds) } },
        ProjectionExpression: 'pk, sk',
        ExpressionAttributeNames: { '#e': TABLE_SCHEMA.ttlAttribute },
        ExclusiveStartKey: start,
      }),
    );
    await deleteAll(client, table, out.Items ?? []);
    removed += out.Items?.length ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return removed;
}

async function deleteAll(client: DynamoDBClient, table: string, items: Key[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
  }
}
