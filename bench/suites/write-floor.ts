import { DynamoDBClient, PutItemCommand, TransactWriteItem, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * Raw DynamoDB Local transactions shaped like what a Skiff write commits, for the floor rows of the
 * api suite: the same items, conditions and key layout, without the API server or the store's code.
 * `raw-baseline` is the benchmark's own table.
 */
const TABLE = 'raw-baseline';

const put = (pk: string, sk: string, body: Uint8Array): TransactWriteItem => ({
  Put: { TableName: TABLE, Item: { pk: { S: pk }, sk: { S: sk }, rv: { N: '1' }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The object and its change record: what every Skiff write commits at the least. */
export function rawTransaction(key: string, body: Uint8Array): TransactWriteItemsCommand {
  return new TransactWriteItemsCommand({ TransactItems: [put('tx', `o-${key}`, body), put('txlog', `l-${key}`, body)] });
}

/** The namespace item a guard checks, as the store's NamespaceGuard does (exists, not Terminating). */
function guard(namespace: string): TransactWriteItem {
  return {
    ConditionCheck: {
      TableName: TABLE,
      Key: { pk: { S: 'o#namespaces' }, sk: { S: `/${namespace}` } },
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(phase) OR phase <> :t)',
      ExpressionAttributeValues: { ':t': { S: 'Terminating' } },
    },
  };
}

export async function rawNamespace(raw: DynamoDBClient, namespace: string): Promise<void> {
  await raw.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'o#namespaces' }, sk: { S: `/${namespace}` }, phase: { S: 'Active' } } }));
}

/**
 * A create committed as the store commits it with the revision inside the transaction: the counter
 * moved on its known value, the object, the change record and the namespace check (4 items).
 * One writer at a time (concurrency 1), as that path is taken.
 */
export function rawCommitAhead(raw: DynamoDBClient, counter: string, namespace: string): (key: string, body: Uint8Array) => Promise<unknown> {
  let rev = 0;
  return async (key, body) => {
    const from = rev;
    rev++;
    await raw.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: TABLE,
              Key: { pk: { S: `r#${counter}` }, sk: { S: '-' } },
              UpdateExpression: 'SET rev = :to',
              ConditionExpression: from === 0 ? 'attribute_not_exists(rev)' : 'rev = :from',
              ExpressionAttributeValues: from === 0 ? { ':to': { N: String(rev) } } : { ':to': { N: String(rev) }, ':from': { N: String(from) } },
            },
          },
          put(`o#${counter}`, key, body),
          put(`l#${counter}`, String(rev).padStart(16, '0'), body),
          guard(namespace),
        ],
      }),
    );
  };
}

/**
 * A create committed as the store commits it with the revision from the counter first (the path
 * under concurrency): `ADD rev 1` on the counter, then the object, the change record, the key's
 * tombstone check and the check of the namespace `namespaceOf(key)` names: one namespace for all, as
 * a namespace's writers share it, or one each (created beforehand), which isolates what sharing
 * that one item between concurrent transactions costs.
 */
export function rawCounterFirst(raw: DynamoDBClient, counter: string, namespaceOf: (key: string) => string): (key: string, body: Uint8Array) => Promise<unknown> {
  return async (key, body) => {
    const out = await raw.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: `r#${counter}` }, sk: { S: '-' } },
        UpdateExpression: 'ADD rev :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const rev = String(out.Attributes?.rev?.N ?? '0');
    await raw.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          put(`o#${counter}`, key, body),
          put(`l#${counter}`, rev.padStart(16, '0'), body),
          {
            Delete: {
              TableName: TABLE,
              Key: { pk: { S: `d#${counter}` }, sk: { S: key } },
              ConditionExpression: 'attribute_not_exists(rv) OR rv < :rev',
              ExpressionAttributeValues: { ':rev': { N: rev } },
            },
          },
          guard(namespaceOf(key)),
        ],
      }),
    );
  };
}
