import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { indexAttributes } from './index-attributes';
import { COUNTER_SK, counterPk, logPk, objectPk, objectSk, revSk, tombstonePk } from './keys';
import type { ChangeType, Expectation, StoredObject } from './types';

const keyOf = (pk: string, obj: StoredObject) => ({ pk: { S: pk }, sk: { S: objectSk(obj.metadata.namespace, obj.metadata.name ?? '') } });
const expiry = (retentionSeconds: number) => ({ N: String(Math.floor(Date.now() / 1000) + retentionSeconds) });

/** The object itself, put or deleted on the condition `expect`. */
export function objectItem(table: string, resource: string, type: ChangeType, obj: StoredObject, body: Uint8Array, rev: number, expect: Expectation): TransactWriteItem {
  const Key = keyOf(objectPk(resource), obj);
  const condition =
    expect.kind === 'absent'
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'rv = :rv', ExpressionAttributeValues: { ':rv': { N: expect.rev } } };
  if (type === 'DELETED') return { Delete: { TableName: table, Key, ...condition } };
  return { Put: { TableName: table, Item: { ...Key, rv: { N: String(rev) }, b: { B: body }, ...indexAttributes(resource, obj) }, ...condition } };
}

/** The change record, which must not exist yet: a reader may have declared the revision a gap. */
export function changeItem(table: string, resource: string, type: ChangeType, body: Uint8Array, rev: number, retentionSeconds: number): TransactWriteItem {
  return {
    Put: {
      TableName: table,
      Item: { pk: { S: logPk(resource) }, sk: { S: revSk(rev) }, t: { S: type }, b: { B: body }, exp: expiry(retentionSeconds) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A deleted key's tombstone: the deletion's revision, kept for the watch history's retention. A
 * create that took its revision before a concurrent delete of the same name committed must not
 * commit below it (the per-key order of docs/storage.md), so such a create removes the tombstone
 * only on the condition that its own revision is newer.
 */
export function tombstoneItem(table: string, resource: string, type: ChangeType, obj: StoredObject, rev: number, retentionSeconds: number): TransactWriteItem | undefined {
  const Key = keyOf(tombstonePk(resource), obj);
  if (type === 'DELETED') return { Put: { TableName: table, Item: { ...Key, rv: { N: String(rev) }, exp: expiry(retentionSeconds) } } };
  if (type !== 'ADDED') return undefined;
  return {
    Delete: { TableName: table, Key, ConditionExpression: 'attribute_not_exists(rv) OR rv < :rev', ExpressionAttributeValues: { ':rev': { N: String(rev) } } },
  };
}

/**
 * The revision counter moved from `from` to `to` inside the commit itself: the transaction takes
 * its revisions as it commits, so nothing is ever in flight for readers to wait on. If another
 * writer moved the counter first the condition fails and returns the counter as it stands.
 */
export function counterItem(table: string, resource: string, from: number, to: number): TransactWriteItem {
  return {
    Update: {
      TableName: table,
      Key: { pk: { S: counterPk(resource) }, sk: { S: COUNTER_SK } },
      UpdateExpression: 'SET rev = :to',
      ConditionExpression: from === 0 ? 'attribute_not_exists(rev)' : 'rev = :from',
      ExpressionAttributeValues: from === 0 ? { ':to': { N: String(to) } } : { ':to': { N: String(to) }, ':from': { N: String(from) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
