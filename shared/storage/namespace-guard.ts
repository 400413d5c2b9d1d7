import type { TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { objectPk, objectSk } from './keys';

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
