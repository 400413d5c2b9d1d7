import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TAG_CLUSTER } from '../../shared/nodes/ecs/names';
import { EcsCluster } from './ecs-cluster';
import { Network } from './network';

/** The file system PVCs of an `efs.csi.aws.com` class get their access points on: one of yours, or one the stack makes. */
export type EfsFileSystemProps = { readonly fileSystemId: string } | { readonly create: true };

export interface EfsStorageProps {
  readonly fileSystem: EfsFileSystemProps;
  readonly network: Network;
  readonly ecs: EcsCluster;
}

/**
 * The EFS file system of the cluster's claims. A created one lives in the pods' subnets (one mount
 * target per subnet), takes NFS from the pods' security groups, is encrypted and is retained when
 * the stack is deleted (it holds users' data). Pods on the default task role may mount it with IAM
 * authorization; pods with a role of their own need the same two actions on their role.
 */
export class EfsStorage extends Construct {
  readonly fileSystemId: string;
  readonly fileSystemArn: string;

  constructor(scope: Construct, id: string, props: EfsStorageProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if ('fileSystemId' in props.fileSystem) {
      this.fileSystemId = props.fileSystem.fileSystemId;
      this.fileSystemArn = stack.formatArn({ service: 'elasticfilesystem', resource: 'file-system', resourceName: this.fileSystemId });
    } else {
      const group = new ec2.SecurityGroup(this, 'MountTargets', { vpc: props.network.vpc, description: `EFS mount targets of ${stack.stackName}: NFS from its pods`, allowAllOutbound: false });
      for (const pods of props.network.podSecurityGroups) group.addIngressRule(ec2.Peer.securityGroupId(pods.securityGroupId), ec2.Port.tcp(2049), 'NFS from the pods');
      const fs = new efs.FileSystem(this, 'FileSystem', {
        vpc: props.network.vpc,
        vpcSubnets: { subnets: props.network.subnets },
        securityGroup: group,
        encrypted: true,
        performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
        throughputMode: efs.ThroughputMode.ELASTIC,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.fileSystemId = fs.fileSystemId;
      this.fileSystemArn = fs.fileSystemArn;
    }
    props.ecs.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [this.fileSystemArn],
      conditions: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
    }));
  }
}

/**
 * What the controller-manager's EFS provisioner calls: access points are created only with this
 * cluster's tag and deleted only when they carry it (tag-on-create needs TagResource too);
 * DescribeAccessPoints has no tag condition in IAM, so it is allowed on the account's file systems.
 */
export function efsProvisionerStatements(stack: Stack, clusterName: string): iam.PolicyStatement[] {
  const fileSystems = stack.formatArn({ service: 'elasticfilesystem', resource: 'file-system', resourceName: '*' });
  const accessPoints = stack.formatArn({ service: 'elasticfilesystem', resource: 'access-point', resourceName: '*' });
  const tagged = { [`aws:RequestTag/${TAG_CLUSTER}`]: clusterName };
  return [
    new iam.PolicyStatement({ actions: ['elasticfilesystem:DescribeAccessPoints'], resources: [fileSystems, accessPoints] }),
    new iam.PolicyStatement({ actions: ['elasticfilesystem:CreateAccessPoint'], resources: [fileSystems], conditions: { StringEquals: tagged } }),
    new iam.PolicyStatement({ actions: ['elasticfilesystem:TagResource'], resources: [accessPoints], conditions: { StringEquals: tagged } }),
    new iam.PolicyStatement({ actions: ['elasticfilesystem:DeleteAccessPoint'], resources: [accessPoints], conditions: { StringEquals: { [`aws:ResourceTag/${TAG_CLUSTER}`]: clusterName } } }),
  ];
}
