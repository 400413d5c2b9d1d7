import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { EfsFileSystemProps } from './constructs/efs-storage';
import { Ec2CapacityProps } from './constructs/ecs-cluster';
import { ExistingNetwork } from './constructs/network';

/** `-c skiff:subnetIds=a,b` or a JSON list in cdk.json: either spelling gives a list. */
function list(scope: Construct, key: string): string[] | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value).split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * An existing network from context: `skiff:vpcId`, `skiff:subnetIds`, `skiff:availabilityZones`,
 * and `skiff:securityGroupIds` or `skiff:vpcCidrBlock`. Explicit ids, no lookups: synth stays offline.
 */
export function networkFromContext(scope: Construct): ExistingNetwork | undefined {
  const vpcId: string | undefined = scope.node.tryGetContext('skiff:vpcId');
  if (!vpcId) return undefined;
  const subnetIds = list(scope, 'skiff:subnetIds');
  const availabilityZones = list(scope, 'skiff:availabilityZones');
  if (!subnetIds?.length || !availabilityZones?.length) {
    throw new Error('skiff:vpcId needs skiff:subnetIds and skiff:availabilityZones (one zone per subnet)');
  }
  const publicIp: unknown = scope.node.tryGetContext('skiff:assignPublicIp');
  return {
    vpcId,
    subnetIds,
    availabilityZones,
    securityGroupIds: list(scope, 'skiff:securityGroupIds'),
    vpcCidrBlock: scope.node.tryGetContext('skiff:vpcCidrBlock'),
    assignPublicIp: publicIp === undefined ? undefined : String(publicIp) !== 'false',
  };
}

/** EC2 capacity from context: `skiff:ec2InstanceType` (and `skiff:ec2MinSize`, `skiff:ec2MaxSize`). */
export function ec2CapacityFromContext(scope: Construct): Ec2CapacityProps | undefined {
  const instanceType: string | undefined = scope.node.tryGetContext('skiff:ec2InstanceType');
  if (!instanceType) return undefined;
  const num = (key: string) => {
    const v: unknown = scope.node.tryGetContext(key);
    return v === undefined ? undefined : Number(v);
  };
  return { instanceType, minSize: num('skiff:ec2MinSize'), maxSize: num('skiff:ec2MaxSize') };
}

/** The claims' EFS file system from context: `skiff:efsFileSystemId=fs-...` (yours), or `skiff:createEfs=true`. */
export function efsFromContext(scope: Construct): EfsFileSystemProps | undefined {
  const id: unknown = scope.node.tryGetContext('skiff:efsFileSystemId');
  if (id) return { fileSystemId: String(id) };
  return String(scope.node.tryGetContext('skiff:createEfs') ?? 'false') === 'true' ? { create: true } : undefined;
}

/** `skiff:containerInsights=enhanced|enabled|disabled` (enhanced unless set: `kubectl top` needs its per-task metrics). */
export function containerInsightsFromContext(scope: Construct): ecs.ContainerInsights | undefined {
  const v: unknown = scope.node.tryGetContext('skiff:containerInsights');
  if (v === undefined) return undefined;
  const known: Record<string, ecs.ContainerInsights> = { enhanced: ecs.ContainerInsights.ENHANCED, enabled: ecs.ContainerInsights.ENABLED, disabled: ecs.ContainerInsights.DISABLED };
  const found = known[String(v)];
  if (!found) throw new Error(`skiff:containerInsights must be enhanced, enabled or disabled, not ${String(v)}`);
  return found;
}
