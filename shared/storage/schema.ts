/**
 * The object table's shape, declared once: `ensureTable` creates it for local runs and the CDK
 * construct (infra/constructs/object-table.ts) declares it for AWS from these same values.
 */
export const TABLE_SCHEMA = {
  /** Partition key: the resource and namespace (or a system item's name). */
  partitionKey: 'pk',
  /** Sort key: the object's name within its partition. */
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB's TTL removes the item (events, old change-log entries). */
  ttlAttribute: 'exp',
  /** The scheduler and controller-manager consume the stream; reconcilers need both images. */
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;
