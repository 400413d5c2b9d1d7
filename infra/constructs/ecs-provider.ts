import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { consumerSource } from '../../shared/runtime/sources';
import { ecsProviderStatements } from './cluster-permissions';
import { awsSettingsEnvironment } from './aws-settings-env';
import { EcsCluster } from './ecs-cluster';
import { Network } from './network';
import { StreamConsumer } from './stream-consumer';

export interface EcsProviderProps {
  readonly table: dynamodb.ITable;
  readonly ecs: EcsCluster;
  readonly network: Network;
  readonly secretPrefix: string;
  /** The API URL pods' `skiff-token` sidecars fetch their service account token from (SKIFF_POD_TOKEN_URL). */
  readonly apiUrl?: string;
}

/**
 * The ECS node provider (`functions/ecs-provider`): pods as ECS tasks. Besides a consumer's queue
 * and resync, it gets the cluster's "ECS Task State Change" events from EventBridge through a queue
 * of their own (task status arrives as events, never by polling ECS).
 */
export class EcsProvider extends Construct {
  readonly consumer: StreamConsumer;
  readonly taskEvents: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: EcsProviderProps) {
    super(scope, id);
    const { ecs: cluster, network } = props;
    const clusterName = cluster.clusterName;
    this.consumer = new StreamConsumer(this, 'Consumer', {
      table: props.table,
      source: consumerSource('ecs-provider'),
      readsStream: false,
      environment: {
        ...awsSettingsEnvironment(cluster, network),
        SKIFF_ASSIGN_PUBLIC_IP: String(network.assignPublicIp),
        SKIFF_TASK_EXECUTION_ROLE_ARN: cluster.executionRole.roleArn,
        SKIFF_TASK_ROLE_ARN: cluster.taskRole.roleArn,
        SKIFF_SECRET_PREFIX: props.secretPrefix,
        ...(props.apiUrl ? { SKIFF_POD_TOKEN_URL: props.apiUrl } : {}),
      },
    });
    for (const statement of ecsProviderStatements({
      stack: Stack.of(this),
      clusterName,
      clusterArn: cluster.cluster.clusterArn,
      secretPrefix: props.secretPrefix,
      taskRoleArns: [cluster.executionRole.roleArn, cluster.taskRole.roleArn],
      vpcId: network.vpc.vpcId,
    })) this.consumer.function.addToRolePolicy(statement);

    this.taskEvents = new sqs.Queue(this, 'TaskEvents', {
      visibilityTimeout: Duration.minutes(6),
      enforceSSL: true,
      // An event the provider keeps failing on is parked; the resync re-reads the tasks anyway.
      deadLetterQueue: { queue: this.consumer.deadLetterQueue, maxReceiveCount: 5 },
    });
    this.rule = new events.Rule(this, 'TaskStateChanges', {
      description: `ECS task state changes of the ${clusterName} cluster, for the ECS node provider`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [cluster.cluster.clusterArn] },
      },
      targets: [new eventTargets.SqsQueue(this.taskEvents)],
    });
    this.consumer.function.addEventSource(new sources.SqsEventSource(this.taskEvents, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      reportBatchItemFailures: true,
    }));
  }

  get function(): lambda.IFunction {
    return this.consumer.function;
  }
}
