import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  LoadBalancer,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { LbAws, tagsOf } from './aws';
import { TAG } from './model';

/** What exists in AWS for one owner, found by its tags alone (never by names the object has now). */
export interface Found {
  loadBalancer?: LoadBalancer & { tags: Record<string, string> };
  targetGroups: (TargetGroup & { tags: Record<string, string> })[];
  securityGroupId?: string;
}

const ours = (tags: Record<string, string> | undefined, cluster: string, owner?: string) =>
  !!tags && tags[TAG.cluster] === cluster && (owner === undefined || tags[TAG.owner] === owner);

async function allPages<T>(page: (marker?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const res = await page(marker);
    items.push(...res.items);
    marker = res.next;
  } while (marker);
  return items;
}

/** Every load balancer and target group of the cluster, with tags, grouped by owner. */
export async function discoverAll(aws: LbAws): Promise<Map<string, Found>> {
  const { elb, settings } = aws;
  const lbs = await allPages((Marker) => elb.send(new DescribeLoadBalancersCommand({ Marker })).then((r) => ({ items: r.LoadBalancers ?? [], next: r.NextMarker })));
  const tgs = await allPages((Marker) => elb.send(new DescribeTargetGroupsCommand({ Marker })).then((r) => ({ items: r.TargetGroups ?? [], next: r.NextMarker })));
  const tags = await tagsOf(elb, [...lbs.map((l) => String(l.LoadBalancerArn)), ...tgs.map((t) => String(t.TargetGroupArn))]);
  const sgs = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${TAG.cluster}`, Values: [settings.cluster] }] }));
  const byOwner = new Map<string, Found>();
  const entry = (owner: string) => byOwner.get(owner) ?? (byOwner.set(owner, { targetGroups: [] }).get(owner) as Found);
  for (const lb of lbs) {
    const t = tags.get(String(lb.LoadBalancerArn));
    if (ours(t, settings.cluster)) entry(String(t?.[TAG.owner])).loadBalancer = { ...lb, tags: t ?? {} };
  }
  for (const tg of tgs) {
    const t = tags.get(String(tg.TargetGroupArn));
    if (ours(t, settings.cluster)) entry(String(t?.[TAG.owner])).targetGroups.push({ ...tg, tags: t ?? {} });
  }
  for (const sg of sgs.SecurityGroups ?? []) {
    const owner = sg.Tags?.find((t) => t.Key === TAG.owner)?.Value;
    if (owner) entry(owner).securityGroupId = sg.GroupId;
  }
  return byOwner;
}

/** What exists for one owner. */
export async function discover(aws: LbAws, owner: string): Promise<Found> {
  return (await discoverAll(aws)).get(owner) ?? { targetGroups: [] };
}

/** The subnets and VPC load balancers go in: the configured subnets, else the default VPC's. */
export async function network(aws: LbAws): Promise<{ vpcId: string; subnets: string[] }> {
  const { ec2, settings } = aws;
  if (settings.subnets.length > 0) {
    const res = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: settings.subnets }));
    return { vpcId: String(res.Subnets?.[0]?.VpcId), subnets: settings.subnets };
  }
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) throw new Error('no subnets configured and no default VPC');
  const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  // One subnet per zone, as an ALB takes.
  const byZone = new Map<string, string>();
  for (const s of subnets.Subnets ?? []) if (s.AvailabilityZone && !byZone.has(s.AvailabilityZone)) byZone.set(s.AvailabilityZone, String(s.SubnetId));
  return { vpcId, subnets: [...byZone.values()].sort() };
}

/** The security groups of the pods' tasks: the configured ones, else the VPC's default group. */
export async function podSecurityGroups(aws: LbAws, vpcId: string): Promise<string[]> {
  if (aws.settings.securityGroups.length > 0) return aws.settings.securityGroups;
  const res = await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] }));
  return (res.SecurityGroups ?? []).map((g) => String(g.GroupId));
}
