import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeClustersCommand, DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import type { Node } from '../../api/types';
import { ec2Node, fargateNode, FargateCapacity } from './node-objects';

/** A node the provider registers, whether its capacity is usable now, and (EC2) its instance. */
export interface EcsNodeSpec {
  node: Node;
  usable: boolean;
  containerInstanceArn?: string;
  hostIP?: string;
  zone?: string;
  subnets: string[];
}

export interface CapacityOptions {
  cluster: string;
  region: string;
  subnets: string[];
  fargate: FargateCapacity;
}

/**
 * The cluster's capacity as Nodes: one Fargate virtual node per zone of the configured subnets
 * (usable while the ECS cluster is ACTIVE), and each container instance as its own Node (usable
 * while ACTIVE with its agent connected). Three to four calls a round, whatever the pod count.
 */
export async function discoverCapacity(ecs: ECSClient, ec2: EC2Client, o: CapacityOptions, now: Date): Promise<EcsNodeSpec[]> {
  const cluster = (await ecs.send(new DescribeClustersCommand({ clusters: [o.cluster] }))).clusters?.[0];
  const active = cluster?.status === 'ACTIVE';
  const subnets = o.subnets.length ? ((await ec2.send(new DescribeSubnetsCommand({ SubnetIds: o.subnets }))).Subnets ?? []) : [];
  const byZone = new Map<string, string[]>();
  for (const s of subnets) byZone.set(String(s.AvailabilityZone), [...(byZone.get(String(s.AvailabilityZone)) ?? []), String(s.SubnetId)]);
  const out: EcsNodeSpec[] = [...byZone].sort().map(([zone, ids]) => ({ node: fargateNode(zone, o.region, o.fargate, now), usable: active, zone, subnets: ids }));
  if (!active) return out;
  let token: string | undefined;
  do {
    const page = await ecs.send(new ListContainerInstancesCommand({ cluster: o.cluster, nextToken: token }));
    token = page.nextToken;
    if (!page.containerInstanceArns?.length) continue;
    const described = await ecs.send(new DescribeContainerInstancesCommand({ cluster: o.cluster, containerInstances: page.containerInstanceArns }));
    for (const ci of described.containerInstances ?? []) {
      if (!ci.ec2InstanceId) continue;
      const zone = ci.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value;
      out.push({
        node: ec2Node(ci, now),
        usable: ci.status === 'ACTIVE' && ci.agentConnected !== false,
        containerInstanceArn: ci.containerInstanceArn,
        zone,
        subnets: zone ? (byZone.get(zone) ?? o.subnets) : o.subnets,
      });
    }
  } while (token);
  return out;
}
