import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** An existing network to run in instead of a new VPC. */
export interface ExistingNetwork {
  readonly vpcId: string;
  /** Subnets for tasks and load balancers (at least two zones for an ALB). */
  readonly subnetIds: string[];
  /** The subnets' zones, in the same order (CDK needs them to place an EC2 Auto Scaling group). */
  readonly availabilityZones: string[];
  /** @default a new security group for pods, open to `vpcCidrBlock` (then required) */
  readonly securityGroupIds?: string[];
  /** The VPC's CIDR, for the new pod security group's rule. */
  readonly vpcCidrBlock?: string;
  /** Whether tasks get a public IP (needed to pull images without NAT). @default true */
  readonly assignPublicIp?: boolean;
}

export interface NetworkProps {
  /** @default a new VPC (see Network) */
  readonly existing?: ExistingNetwork;
  /** Zones of a new VPC; an ALB needs two. @default 2 */
  readonly maxAzs?: number;
}

/**
 * Where pods (awsvpc tasks, one ENI and one IP each) and load balancers live.
 *
 * A new VPC has one public /20 subnet per zone (4,091 usable addresses each: one per pod) and no NAT
 * gateway, which would cost about $33 a month per zone before traffic: tasks get a public IP (billed
 * per hour while the task runs) to reach Docker Hub, ECR and other registries, and gateway endpoints
 * (free) keep ECR's image layers (S3) and DynamoDB traffic inside AWS. Pods accept traffic from the
 * VPC only; the load balancers' own groups are the cloud-controller-manager's.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly podSecurityGroups: ec2.ISecurityGroup[];
  readonly assignPublicIp: boolean;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const existing = props.existing;
    if (existing) {
      if (existing.subnetIds.length !== existing.availabilityZones.length) {
        throw new Error('existing network: give one availability zone per subnet, in the same order');
      }
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: existing.vpcId,
        availabilityZones: existing.availabilityZones,
        publicSubnetIds: existing.subnetIds,
        vpcCidrBlock: existing.vpcCidrBlock,
      });
      if (!existing.securityGroupIds?.length && !existing.vpcCidrBlock) {
        throw new Error('existing network: give securityGroupIds, or vpcCidrBlock for a new pod security group');
      }
      this.subnets = existing.subnetIds.map((subnetId, i) =>
        ec2.Subnet.fromSubnetAttributes(this, `Subnet${i}`, { subnetId, availabilityZone: existing.availabilityZones[i] }),
      );
      this.assignPublicIp = existing.assignPublicIp ?? true;
    } else {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        maxAzs: props.maxAzs ?? 2,
        natGateways: 0,
        subnetConfiguration: [{ name: 'pods', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 20 }],
        gatewayEndpoints: {
          S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
          DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        },
      });
      this.vpc = vpc;
      this.subnets = vpc.publicSubnets;
      this.assignPublicIp = true;
    }
    this.podSecurityGroups = existing?.securityGroupIds?.length
      ? existing.securityGroupIds.map((sg, i) => ec2.SecurityGroup.fromSecurityGroupId(this, `Pods${i}`, sg))
      : [this.newPodSecurityGroup()];
  }

  private newPodSecurityGroup(): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, 'Pods', {
      vpc: this.vpc,
      description: `Skiff pods of ${Stack.of(this).stackName}: traffic from inside the VPC only`,
      allowAllOutbound: true,
    });
    group.addIngressRule(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.allTraffic(), 'pods, nodes and load balancers in the VPC');
    return group;
  }
}
