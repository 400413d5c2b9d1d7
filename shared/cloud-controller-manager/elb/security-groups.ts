import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  IpPermission,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { LbAws } from './aws';
import { podSecurityGroups } from './discover';
import { DesiredLoadBalancer } from './model';

const rule = (port: number, cidr: string): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] });
const ruleKey = (p: IpPermission) => (p.IpRanges ?? []).map((r) => `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${r.CidrIp}`);

/** The ALB's own group: listener ports open to the source ranges, exactly (extra rules are revoked). */
export async function ensureSecurityGroup(aws: LbAws, lb: DesiredLoadBalancer, vpcId: string, existing?: string): Promise<string> {
  const { ec2 } = aws;
  let groupId = existing;
  if (!groupId) {
    const res = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: lb.name,
        Description: `Skiff load balancer ${lb.owner}`,
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: Object.entries(lb.tags).map(([Key, Value]) => ({ Key, Value })) }],
      }),
    );
    groupId = String(res.GroupId);
  }
  const current = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).SecurityGroups?.[0]?.IpPermissions ?? [];
  const want = lb.listeners.flatMap((l) => lb.sourceRanges.map((c) => rule(l.port, c)));
  const have = new Set(current.flatMap(ruleKey));
  const wanted = new Set(want.flatMap(ruleKey));
  const add = want.filter((p) => !have.has(ruleKey(p)[0]));
  const drop = current.flatMap((p) => (p.IpRanges ?? []).map((r) => rule(Number(p.FromPort), String(r.CidrIp)))).filter((p) => !wanted.has(ruleKey(p)[0]));
  if (add.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: add }));
  if (drop.length > 0) await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: drop }));
  return groupId;
}

/** Lets the ALB's group reach the pods' target ports on the pods' security groups. */
export async function allowToPods(aws: LbAws, vpcId: string, albGroup: string, ports: number[]): Promise<void> {
  const { ec2 } = aws;
  for (const podGroup of await podSecurityGroups(aws, vpcId)) {
    const current = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [podGroup] }))).SecurityGroups?.[0]?.IpPermissions ?? [];
    const fromAlb = (p: IpPermission) => (p.UserIdGroupPairs ?? []).some((g) => g.GroupId === albGroup);
    const have = new Set(current.filter(fromAlb).map((p) => Number(p.FromPort)));
    const wanted = new Set(ports);
    const pair = (port: number): IpPermission => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, UserIdGroupPairs: [{ GroupId: albGroup }] });
    const add = [...wanted].filter((p) => !have.has(p)).map(pair);
    const drop = [...have].filter((p) => !wanted.has(p)).map(pair);
    if (add.length > 0) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: podGroup, IpPermissions: add }));
    if (drop.length > 0) await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: podGroup, IpPermissions: drop }));
  }
}

/** Revokes the pods' rules naming the ALB's group, then deletes the group. */
export async function deleteSecurityGroup(aws: LbAws, vpcId: string, albGroup: string): Promise<void> {
  await allowToPods(aws, vpcId, albGroup, []);
  try {
    await aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: albGroup }));
  } catch (err) {
    if ((err as { name?: string }).name !== 'InvalidGroup.NotFound') throw err;
  }
}
