import { AttributeValue, BatchGetItemCommand, GetItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../shared/storage/client';
import { ensureTable } from '../shared/storage/table';

const TABLE = 'warm-up';
const PARTITION_SIZE = 50;

/**
 * Warms a freshly started DynamoDB Local with raw traffic on a table of its own: the kinds of call
 * Skiff makes (conditional transactions with a counter, consistent gets, batch gets, queries,
 * conditional updates), for `seconds` at `concurrency` calls in flight. A fresh JVM runs its first
 * thousands of requests before its JIT has compiled them, several times slower than later ones;
 * nothing of Skiff's (its tables, its caches) is touched, so what a suite measures next is Skiff on
 * an emulator serving at its steady speed. Returns the calls made.
 */
export async function warmDynamo(endpoint: string, seconds = 10, concurrency = 8): Promise<number> {
  const client = dynamoClient(endpoint);
  try {
    await ensureTable(client, TABLE);
    const body: AttributeValue = { B: new Uint8Array(1024).fill(7) };
    const deadline = Date.now() + seconds * 1000;
    let calls = 0;
    const worker = async (w: number) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const sk = `w${w}-${i}`;
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: TABLE, Item: { pk: { S: `o#${w}` }, sk: { S: sk }, rv: { N: String(i) }, b: body }, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: TABLE, Item: { pk: { S: `l#${w}` }, sk: { S: sk }, b: body } } },
              { Update: { TableName: TABLE, Key: { pk: { S: 'r' }, sk: { S: String(w) } }, UpdateExpression: 'ADD rev :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
            ],
          }),
        );
        const key = { pk: { S: `o#${w}` }, sk: { S: sk } };
        await client.send(new GetItemCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
        await client.send(
          new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: 'SET rv = rv + :one', ConditionExpression: 'rv = :rv', ExpressionAttributeValues: { ':one': { N: '1' }, ':rv': { N: String(i) } } }),
        );
        const recent = Array.from({ length: Math.min(i + 1, 20) }, (_, k) => ({ pk: { S: `o#${w}` }, sk: { S: `w${w}-${i - k}` } }));
        await client.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: recent, ConsistentRead: true } } }));
        await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `o#${w}` } }, Limit: PARTITION_SIZE, ScanIndexForward: false, ConsistentRead: true }));
        calls += 5;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    return calls;
  } finally {
    client.destroy();
  }
}
