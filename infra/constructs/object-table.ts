import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../shared/storage/schema';

export interface ObjectTableProps {
  /**
   * What happens to the table (every object in the cluster) when it leaves the stack.
   * @default RemovalPolicy.RETAIN, so deleting the stack never deletes a cluster's state
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The object store, Skiff's etcd: one table holding objects, revision counters and the change log.
 * Its keys, TTL attribute and stream view come from TABLE_SCHEMA (shared/storage/schema.ts), which
 * `ensureTable` also creates local tables from.
 */
export class ObjectTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ObjectTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      // An idle cluster must cost (almost) nothing; provisioned capacity would bill by the hour.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[TABLE_SCHEMA.streamView],
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
