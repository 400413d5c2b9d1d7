import { DescribeInstancesCommand, DescribeInstanceTypesCommand, _InstanceType } from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand } from '@aws-sdk/client-ecs';
import type { CloudContext } from './cloud';
import { awsErrorName } from './cloud';
import type { InstanceFacts, InstanceTypeFacts } from './node-plan';

/** The instance, or undefined when EC2 no longer knows it (InvalidInstanceID.NotFound). */
export async function describeInstance(cloud: CloudContext, id: string): Promise<InstanceFacts | undefined> {
  try {
    const out = await cloud.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    const i = out.Reservations?.flatMap((r) => r.Instances ?? []).find((x) => x.InstanceId === id);
    if (!i) return undefined;
    return {
      id,
      state: i.State?.Name ?? 'pending',
      type: i.InstanceType,
      zone: i.Placement?.AvailabilityZone,
      privateIp: i.PrivateIpAddress || undefined,
      privateDns: i.PrivateDnsName || undefined,
      publicIp: i.PublicIpAddress || undefined,
      publicDns: i.PublicDnsName || undefined,
    };
  } catch (err) {
    if (awsErrorName(err) === 'InvalidInstanceID.NotFound') return undefined;
    throw err;
  }
}

/** vCPUs and memory of an instance type, remembered per process (they never change). */
const typeCache = new Map<string, InstanceTypeFacts>();

export async function describeInstanceType(cloud: CloudContext, type: string): Promise<InstanceTypeFacts | undefined> {
  const cached = typeCache.get(type);
  if (cached) return cached;
  const out = await cloud.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: [type as _InstanceType] }));
  const t = out.InstanceTypes?.[0];
  if (!t?.VCpuInfo?.DefaultVCpus || !t.MemoryInfo?.SizeInMiB) return undefined;
  const facts = { vcpus: t.VCpuInfo.DefaultVCpus, memoryMiB: t.MemoryInfo.SizeInMiB };
  typeCache.set(type, facts);
  return facts;
}

/**
 * Whether the Node's ECS container instance has left the cluster (deregistered: INACTIVE, or
 * reported MISSING). A Node without the annotation has no container instance to check.
 */
export async function containerInstanceGone(cloud: CloudContext, arn: string | undefined): Promise<boolean> {
  if (!arn) return false;
  const out = await cloud.ecs.send(new DescribeContainerInstancesCommand({ cluster: cloud.settings.cluster, containerInstances: [arn] }));
  const ci = out.containerInstances?.[0];
  if (ci) return ci.status === 'INACTIVE';
  return (out.failures ?? []).some((f) => f.reason === 'MISSING');
}
