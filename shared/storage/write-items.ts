import { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { indexAttributes } from './index-attributes';
import { logPk, objectPk, objectSk, revSk } from './keys';
import type { ChangeType, StoredObject } from './store';

/** What a write expects of the stored object: that there is none, or that it is at a revision. */
export type Expectation = { kind: 'absent' } | { kind: 'rev'; rev: string };

/**
 * The two items every write puts in its transaction: the object itself (put or deleted on the
 * condition `expect`) and its change record, which must not exist yet (a reader may have declared
 * the revision a gap).
 */
export function writeItems(
  table: string,
  resource: string,
  type: ChangeType,
  obj: StoredObject,
  body: Uint8Array,
  rev: number,
  expect: Expectation,
  retentionSeconds: number,
): [TransactWriteItem, TransactWriteItem] {
  const key = { pk: { S: objectPk(resource) }, sk: { S: objectSk(obj.metadata.namespace, obj.metadata.name ?? '') } };
  const condition =
    expect.kind === 'absent'
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: 'rv = :rv', ExpressionAttributeValues: { ':rv': { N: expect.rev } } };
  const objectWrite: TransactWriteItem =
    type === 'DELETED'
      ? { Delete: { TableName: table, Key: key, ...condition } }
      : { Put: { TableName: table, Item: { ...key, rv: { N: String(rev) }, b: { B: body }, ...indexAttributes(resource, obj) }, ...condition } };
  const change: TransactWriteItem = {
    Put: {
      TableName: table,
      Item: {
        pk: { S: logPk(resource) },
        sk: { S: revSk(rev) },
        t: { S: type },
        b: { B: body },
        exp: { N: String(Math.floor(Date.now() / 1000) + retentionSeconds) },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return [objectWrite, change];
}

/** One write of a batch: a create (expect absent) or an update at a revision. */
export interface BatchWrite {
  resource: string;
  type: 'ADDED' | 'MODIFIED';
  obj: StoredObject;
  expect: Expectation;
}

export interface BatchExtras {
  guards?: NamespaceGuard[];
  sideWrites?: ((table: string) => TransactWriteItem)[];
}

export type BatchOutcome = { committed: StoredObject[] } | { failed: 'write' | 'guard' | 'side'; index: number };

/**
 * What else a write carries in its transaction: the namespace guard, and side writes such as
 * ClusterIP and NodePort allocations that must commit or fail with the object.
 */
export interface WriteExtras {
  guard?: NamespaceGuard;
  sideWrites?: ((table: string) => TransactWriteItem)[];
}

/** A condition that the object's namespace exists and is not terminating, checked in the write's transaction. */
export class NamespaceGuard {
  constructor(readonly namespace: string) {}

  check(table: string): TransactWriteItem {
    return {
      ConditionCheck: {
        TableName: table,
        Key: { pk: { S: objectPk('namespaces') }, sk: { S: objectSk(undefined, this.namespace) } },
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(phase) OR phase <> :t)',
        ExpressionAttributeValues: { ':t': { S: 'Terminating' } },
      },
    };
  }
}
