import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface ObjectTableProps {
  /**
   * What happens to the table (every object in the cluster) when it leaves the stack.
   * @default RemovalPolicy.RETAIN, so deleting the stack never deletes a cluster's state
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The object store, Skiff's etcd: one table holding objects, revision counters and the change log.
 * Mirrors `ensureTable` in shared/storage/table.ts, which creates the same table for local runs.
 */
export class ObjectTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ObjectTableProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      // An idle cluster must cost (almost) nothing; provisioned capacity would bill by the hour.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The scheduler and controller-manager consume this stream; reconcilers need both images.
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      // Events and old change-log entries carry `exp` (epoch seconds), like upstream's event TTL.
      timeToLiveAttribute: 'exp',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}
