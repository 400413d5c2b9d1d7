import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { consumerSource } from '../../shared/runtime/sources';
import { cloudControllerStatements } from './cluster-permissions';
import { awsSettingsEnvironment } from './aws-settings-env';
import { EcsCluster } from './ecs-cluster';
import { Network } from './network';
import { StreamConsumer } from './stream-consumer';

export interface CloudControllerManagerProps {
  readonly table: dynamodb.ITable;
  readonly ecs: EcsCluster;
  readonly network: Network;
}

/**
 * The cloud-controller-manager (`functions/cloud-controller-manager`): node, route, service,
 * ingress and DNS controllers against ECS, EC2, ELBv2 and Cloud Map, each write scoped to this
 * cluster (cluster-permissions.ts).
 */
export class CloudControllerManager extends Construct {
  readonly consumer: StreamConsumer;

  constructor(scope: Construct, id: string, props: CloudControllerManagerProps) {
    super(scope, id);
    const { ecs: cluster, network } = props;
    const clusterName = cluster.clusterName;
    this.consumer = new StreamConsumer(this, 'Consumer', {
      table: props.table,
      source: consumerSource('cloud-controller-manager'),
      readsStream: false,
      environment: {
        ...awsSettingsEnvironment(cluster, network),
        SKIFF_VPC_ID: network.vpc.vpcId,
      },
    });
    for (const statement of cloudControllerStatements({
      stack: Stack.of(this),
      clusterName,
      clusterArn: cluster.cluster.clusterArn,
      vpcId: network.vpc.vpcId,
    })) this.consumer.function.addToRolePolicy(statement);
    // The node controller reads container instances of this cluster.
    this.consumer.function.addToRolePolicy(ecsReadStatement(Stack.of(this), clusterName, cluster.cluster.clusterArn));
  }
}

function ecsReadStatement(stack: Stack, clusterName: string, clusterArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['ecs:ListContainerInstances', 'ecs:DescribeContainerInstances', 'ecs:DescribeClusters'],
    resources: [clusterArn, stack.formatArn({ service: 'ecs', resource: 'container-instance', resourceName: `${clusterName}/*` })],
  });
}
