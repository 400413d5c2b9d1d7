import { EC2Client, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LbAws } from '../../shared/cloud-controller-manager/elb/aws';
import { awsClientConfig } from '../support/aws';
import { Node } from '../../shared/api/types';
import { COMPUTE_TYPE_LABEL, CONTAINER_INSTANCE_ANNOTATION, TAINT_UNINITIALIZED } from '../../shared/cloud-controller-manager/node-plan';

export const CLUSTER = 'lbtest';

/** Clients on the run's AWS emulator, for the controllers and for the test's own look. */
export function emulatorAws(cluster = CLUSTER): LbAws {
  const config = awsClientConfig();
  return {
    settings: { endpoint: config.endpoint, region: config.region, cluster, subnets: [], securityGroups: [], logGroup: `/skiff/${cluster}/pods` },
    elb: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
  };
}

/** What the emulator holds tagged for a cluster: ALBs, their listeners, target groups with targets, security groups. */
export async function tagged(aws: LbAws, owner?: string) {
  const { elb, ec2 } = aws;
  const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
  const tgs = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const arns = [...lbs.map((l) => String(l.LoadBalancerArn)), ...tgs.map((t) => String(t.TargetGroupArn))];
  const tags = new Map<string, Record<string, string>>();
  for (let i = 0; i < arns.length; i += 20) {
    for (const d of (await elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }))).TagDescriptions ?? []) {
      tags.set(String(d.ResourceArn), Object.fromEntries((d.Tags ?? []).map((t) => [String(t.Key), String(t.Value)])));
    }
  }
  const mine = (arn: string | undefined) => {
    const t = tags.get(String(arn));
    return t?.['skiff.dev/cluster'] === aws.settings.cluster && (owner === undefined || t['skiff.dev/owner'] === owner);
  };
  const loadBalancers = await Promise.all(
    lbs.filter((l) => mine(l.LoadBalancerArn)).map(async (l) => ({
      lb: l,
      listeners: (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: l.LoadBalancerArn }))).Listeners ?? [],
    })),
  );
  const targetGroups = await Promise.all(
    tgs.filter((t) => mine(t.TargetGroupArn)).map(async (t) => ({
      tg: t,
      targets: ((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: t.TargetGroupArn }))).TargetHealthDescriptions ?? [])
        .map((d) => `${d.Target?.Id}:${d.Target?.Port}`)
        .sort(),
    })),
  );
  const sgs = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:skiff.dev/cluster', Values: [aws.settings.cluster] }] }))).SecurityGroups ?? [];
  const securityGroups = sgs.filter((g) => owner === undefined || g.Tags?.some((t) => t.Key === 'skiff.dev/owner' && t.Value === owner));
  return { loadBalancers, targetGroups, securityGroups };
}

export interface NodeOptions {
  ready?: 'True' | 'False' | 'Unknown';
  computeType?: string;
  taints?: { key: string; value?: string; effect: string }[];
  capacity?: Record<string, string>;
  providerID?: string;
  containerInstanceArn?: string;
  heartbeat?: string;
}

/** A Node as the ECS provider registers an EC2 container instance (the HELPERS contract): named by instance id, tainted uninitialized. */
export function ec2Node(name: string, opts: NodeOptions = {}): Node {
  const at = opts.heartbeat ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return Node.parse({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { [COMPUTE_TYPE_LABEL]: opts.computeType ?? 'ec2', 'kubernetes.io/hostname': name },
      annotations: opts.containerInstanceArn ? { [CONTAINER_INSTANCE_ANNOTATION]: opts.containerInstanceArn } : undefined,
    },
    spec: { providerID: opts.providerID, taints: opts.taints ?? [{ key: TAINT_UNINITIALIZED, value: 'true', effect: 'NoSchedule' }] },
    status: {
      capacity: opts.capacity,
      allocatable: opts.capacity,
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: at, lastTransitionTime: at }],
    },
  });
}
