import { ArnFormat, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { defaultLogGroup } from '../../shared/cloud/aws';
import { Network } from './network';

/** EC2 capacity next to Fargate: an Auto Scaling group of ECS-optimized instances (their Nodes). */
export interface Ec2CapacityProps {
  /** e.g. `t4g.medium` (Graviton instance types get the arm64 AMI). */
  readonly instanceType: string;
  /** @default 0 */
  readonly minSize?: number;
  /** @default 2 */
  readonly maxSize?: number;
}

export interface EcsClusterProps {
  /** The ECS cluster's name; also the pods' log group and the `skiff.dev/cluster` tag value. */
  readonly clusterName: string;
  readonly network: Network;
  /** @default Fargate only */
  readonly ec2?: Ec2CapacityProps;
  /** @default logs.RetentionDays.ONE_WEEK */
  readonly podLogRetention?: logs.RetentionDays;
  /** Prefix of the Secrets Manager names the ECS provider creates for pods' Secret references. */
  readonly secretPrefix: string;
  /**
   * Container Insights on the cluster (default ENHANCED: per-task CPU and memory by TaskId, which
   * `kubectl top` and the HPA read; billed per metric of running tasks, nothing when none run).
   */
  readonly containerInsights?: ecs.ContainerInsights;
}

/**
 * Where pods run: an ECS cluster with the FARGATE and FARGATE_SPOT capacity providers (Fargate
 * virtual nodes), optionally an EC2 Auto Scaling group capacity provider (EC2 nodes); the task
 * execution role (pull images, write the pods' logs, read the pods' secrets); the pods' log group.
 */
export class EcsCluster extends Construct {
  readonly cluster: ecs.Cluster;
  /** The cluster's name as a plain string (ARNs and tag conditions spell it out). */
  readonly clusterName: string;
  readonly executionRole: iam.Role;
  /** The role pods' tasks run as; no permissions unless granted (a pod's IAM is not Skiff's to guess). */
  readonly taskRole: iam.Role;
  readonly podLogs: logs.LogGroup;
  readonly ec2CapacityProvider?: ecs.AsgCapacityProvider;

  constructor(scope: Construct, id: string, props: EcsClusterProps) {
    super(scope, id);
    this.clusterName = props.clusterName;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: props.clusterName,
      vpc: props.network.vpc,
      enableFargateCapacityProviders: true,
      containerInsightsV2: props.containerInsights ?? ecs.ContainerInsights.ENHANCED,
    });
    this.podLogs = new logs.LogGroup(this, 'PodLogs', {
      logGroupName: defaultLogGroup(props.clusterName),
      retention: props.podLogRetention ?? logs.RetentionDays.ONE_WEEK,
      // Pod logs belong to the cluster: `cdk destroy` removes them with it.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.executionRole = new iam.Role(this, 'TaskExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `ECS task execution role of the ${props.clusterName} Skiff cluster`,
    });
    // Image pulls: ECR authorization has no resource; the pulls themselves stay in this account's ECR.
    this.executionRole.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    this.executionRole.addToPolicy(new iam.PolicyStatement({
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [this.cluster.stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: '*' })],
    }));
    this.podLogs.grantWrite(this.executionRole);
    this.executionRole.addToPolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [this.cluster.stack.formatArn({
        service: 'secretsmanager', resource: 'secret', resourceName: `${props.secretPrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
    }));
    this.taskRole = new iam.Role(this, 'PodTaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `Default task role of the ${props.clusterName} Skiff cluster's pods (no permissions)`,
    });

    if (props.ec2) this.ec2CapacityProvider = this.addEc2Capacity(props);
  }

  private addEc2Capacity(props: EcsClusterProps): ecs.AsgCapacityProvider {
    const ec2Props = props.ec2 as Ec2CapacityProps;
    const instanceType = new ec2.InstanceType(ec2Props.instanceType);
    const arm = instanceType.architecture === ec2.InstanceArchitecture.ARM_64;
    const group = new autoscaling.AutoScalingGroup(this, 'Ec2Nodes', {
      vpc: props.network.vpc,
      vpcSubnets: { subnets: props.network.subnets },
      instanceType,
      machineImage: ecs.EcsOptimizedImage.amazonLinux2023(arm ? ecs.AmiHardwareType.ARM : ecs.AmiHardwareType.STANDARD),
      minCapacity: ec2Props.minSize ?? 0,
      maxCapacity: ec2Props.maxSize ?? 2,
      associatePublicIpAddress: props.network.assignPublicIp,
      securityGroup: props.network.podSecurityGroups[0],
      requireImdsv2: true,
      // Instances leave through ECS draining (managed termination protection off: scale-in is the ASG's).
      defaultInstanceWarmup: Duration.minutes(2),
    });
    const provider = new ecs.AsgCapacityProvider(this, 'Ec2CapacityProvider', {
      autoScalingGroup: group,
      enableManagedTerminationProtection: false,
      enableManagedScaling: true,
    });
    this.cluster.addAsgCapacityProvider(provider);
    return provider;
  }
}
