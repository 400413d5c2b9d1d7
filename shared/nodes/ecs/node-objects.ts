import type { ContainerInstance } from '@aws-sdk/client-ecs';
import type { Node } from '../../api/types';
import { healthyConditions, KUBELET_VERSION, PROVIDER_ANNOTATION } from '../simulated/node-object';
import type { ComputeType } from './inputs';

export const COMPUTE_TYPE_LABEL = 'skiff.dev/compute-type';
export const CONTAINER_INSTANCE_ANNOTATION = 'ecs.skiff.dev/container-instance-arn';
export const UNINITIALIZED_TAINT = { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' };
export const FARGATE_PREFIX = 'fargate-';

/** What each Fargate virtual node offers (the account's Fargate quota split as configured). */
export interface FargateCapacity {
  cpu: string;
  memory: string;
  pods: string;
}

export const DEFAULT_FARGATE_CAPACITY: FargateCapacity = { cpu: '32', memory: '240Gi', pods: '1000' };

/** Which capacity a node name is: `fargate-<zone>`, or an EC2 instance id. */
export const computeTypeOf = (nodeName: string): ComputeType => (nodeName.startsWith(FARGATE_PREFIX) ? 'fargate' : 'ec2');

const nodeInfo = (arch: string) => ({
  machineID: '',
  systemUUID: '',
  bootID: '',
  kernelVersion: '',
  osImage: 'Amazon ECS',
  containerRuntimeVersion: 'ecs://1.0',
  kubeletVersion: KUBELET_VERSION,
  kubeProxyVersion: '',
  operatingSystem: 'linux',
  architecture: arch,
});

/** A Fargate zone as a virtual Node with upstream's well-known labels. */
export function fargateNode(zone: string, region: string, capacity: FargateCapacity, now: Date): Node {
  const name = `${FARGATE_PREFIX}${zone}`;
  const resources = { cpu: capacity.cpu, memory: capacity.memory, pods: capacity.pods, 'ephemeral-storage': '200Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/instance-type': 'fargate',
        'topology.kubernetes.io/region': region,
        'topology.kubernetes.io/zone': zone,
        [COMPUTE_TYPE_LABEL]: 'fargate',
      },
      annotations: { [PROVIDER_ANNOTATION]: 'ecs' },
    },
    spec: { providerID: `aws:///${zone}/${name}` },
    status: { capacity: resources, allocatable: { ...resources }, conditions: healthyConditions(undefined, now), nodeInfo: nodeInfo('amd64') },
  };
}

const attribute = (ci: ContainerInstance, name: string): string | undefined => ci.attributes?.find((a) => a.name === name)?.value;

/**
 * An EC2 container instance as a Node named by its instance id: capacity from its registered
 * resources, tainted uninitialized until the cloud-controller-manager initializes it.
 */
export function ec2Node(ci: ContainerInstance, now: Date): Node {
  const name = String(ci.ec2InstanceId);
  const reg = (n: string) => ci.registeredResources?.find((r) => r.name === n)?.integerValue ?? 0;
  const cpuMilli = Math.floor((reg('CPU') * 1000) / 1024);
  const resources = { cpu: `${cpuMilli}m`, memory: `${reg('MEMORY')}Mi`, pods: '110' };
  const arch = attribute(ci, 'ecs.cpu-architecture') === 'arm64' ? 'arm64' : 'amd64';
  const zone = attribute(ci, 'ecs.availability-zone');
  const type = attribute(ci, 'ecs.instance-type');
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/arch': arch,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        ...(type ? { 'node.kubernetes.io/instance-type': type } : {}),
        ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}),
        [COMPUTE_TYPE_LABEL]: 'ec2',
      },
      annotations: { [PROVIDER_ANNOTATION]: 'ecs', [CONTAINER_INSTANCE_ANNOTATION]: String(ci.containerInstanceArn) },
    },
    spec: { taints: [UNINITIALIZED_TAINT] },
    status: { capacity: resources, allocatable: { ...resources }, conditions: healthyConditions(undefined, now), nodeInfo: nodeInfo(arch) },
  };
}
