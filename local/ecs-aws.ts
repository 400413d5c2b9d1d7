import { CloudWatchLogsClient, CreateLogGroupCommand, ResourceAlreadyExistsException } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { AwsSettings, awsClientConfig } from '../shared/cloud/aws';
import type { EcsClients } from '../shared/nodes/ecs/clients';

/**
 * Makes the account ready for pods: the ECS cluster and the pods' log group (created when missing),
 * and, when not given, the default VPC's subnets (one per zone) and its `default` security group.
 * Returns the settings to run with and whether the network was defaulted (tasks then get a
 * public IP, as the default VPC has no NAT gateway).
 */
export async function prepareEcs(s: AwsSettings, clients: EcsClients): Promise<{ settings: AwsSettings; defaultedNetwork: boolean }> {
  const existing = (await clients.ecs.send(new DescribeClustersCommand({ clusters: [s.cluster] }))).clusters?.[0];
  if (existing?.status !== 'ACTIVE') {
    await clients.ecs.send(new CreateClusterCommand({ clusterName: s.cluster, tags: [{ key: 'skiff.dev/cluster', value: s.cluster }] }));
  }
  const logs = new CloudWatchLogsClient(awsClientConfig(s));
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: s.logGroup }));
  } catch (err) {
    if (!(err instanceof ResourceAlreadyExistsException)) throw err;
  } finally {
    logs.destroy();
  }
  let subnets = s.subnets;
  let securityGroups = s.securityGroups;
  const defaulted = subnets.length === 0;
  if (defaulted) {
    const found = (await clients.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets ?? [];
    if (found.length === 0) throw new Error('no --subnets given and the account has no default VPC subnets');
    subnets = found.map((x) => String(x.SubnetId));
  }
  if (securityGroups.length === 0) {
    const vpc = (await clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnets[0]] }))).Subnets?.[0]?.VpcId;
    const groups = (await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }, ...(vpc ? [{ Name: 'vpc-id', Values: [vpc] }] : [])] }))).SecurityGroups ?? [];
    if (groups.length === 0) throw new Error('no --security-groups given and the VPC has no default security group');
    securityGroups = [String(groups[0].GroupId)];
  }
  return { settings: { ...s, subnets, securityGroups }, defaultedNetwork: defaulted };
}
