import type { Node, NodeAddress, Taint } from '../api/types';

/**
 * The pure half of the node controller: which Nodes are EC2-backed, what an instance says about its
 * Node (upstream's InstanceMetadata: providerID, type, zone, region, addresses), and the cloud node
 * lifecycle's decision for a Node whose kubelet is silent.
 */

export const TAINT_UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
export const TAINT_SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown';
export const COMPUTE_TYPE_LABEL = 'skiff.dev/compute-type';
export const CONTAINER_INSTANCE_ANNOTATION = 'ecs.skiff.dev/container-instance-arn';

/** Labels upstream's cloud node controller sets, the stable names and the deprecated beta ones beside them. */
export const LABELS = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
};

/** What the node controller needs to know about an EC2 instance (from DescribeInstances). */
export interface InstanceFacts {
  id: string;
  /** pending, running, shutting-down, terminated, stopping, stopped */
  state: string;
  type?: string;
  zone?: string;
  privateIp?: string;
  privateDns?: string;
  publicIp?: string;
  publicDns?: string;
}

export interface InstanceTypeFacts {
  vcpus: number;
  memoryMiB: number;
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/**
 * A Node backed by an EC2 instance (an ECS container instance): labelled so by the provider, or
 * named by an instance id and not labelled otherwise. Fargate's virtual nodes are the provider's.
 */
export function isEc2Node(node: Node): boolean {
  const type = node.metadata?.labels?.[COMPUTE_TYPE_LABEL];
  if (type !== undefined) return type === 'ec2';
  return INSTANCE_ID.test(String(node.metadata?.name)) || instanceIdOf(node) !== undefined;
}

/** The instance id of a Node: from `aws:///<zone>/<id>` once initialized, else its name. */
export function instanceIdOf(node: Node): string | undefined {
  const m = /^aws:\/\/\/[^/]*\/(i-[0-9a-f]+)$/.exec(node.spec?.providerID ?? '');
  if (m) return m[1];
  const name = String(node.metadata?.name);
  return INSTANCE_ID.test(name) ? name : undefined;
}

export const providerID = (zone: string, id: string): string => `aws:///${zone}/${id}`;

/** A zone's region: `us-east-1a` -> `us-east-1` (also the Local Zone form `us-west-2-lax-1a`). */
export function regionOfZone(zone: string): string {
  const local = /^([a-z]{2}-[a-z]+-\d+)-/.exec(zone);
  return local ? local[1] : zone.replace(/[a-z]$/, '');
}

/** The Node's addresses, as AWS's cloud provider reports them: private IP and DNS, public ones where there are. */
export function nodeAddresses(i: InstanceFacts): NodeAddress[] {
  const out: NodeAddress[] = [];
  if (i.privateIp) out.push({ type: 'InternalIP', address: i.privateIp });
  if (i.publicIp) out.push({ type: 'ExternalIP', address: i.publicIp });
  if (i.privateDns) out.push({ type: 'InternalDNS', address: i.privateDns }, { type: 'Hostname', address: i.privateDns });
  if (i.publicDns) out.push({ type: 'ExternalDNS', address: i.publicDns });
  return out;
}

export const hasTaint = (node: Node, key: string): boolean => (node.spec?.taints ?? []).some((t) => t.key === key);

/** The node still waits for the cloud-controller-manager (upstream's uninitialized taint). */
export const needsInitialization = (node: Node): boolean => hasTaint(node, TAINT_UNINITIALIZED);

/**
 * The Node as initialized from its instance: providerID, the type/zone/region labels, capacity from
 * the instance type when the node reports none, and the uninitialized taint gone. Addresses are
 * status and written apart (`addressesChanged`).
 */
export function initializedNode(node: Node, i: InstanceFacts, type: InstanceTypeFacts | undefined): Node {
  const labels = { ...(node.metadata?.labels ?? {}) };
  const zone = i.zone;
  if (i.type) for (const l of LABELS.instanceType) labels[l] = i.type;
  if (zone) for (const l of LABELS.zone) labels[l] = zone;
  if (zone) for (const l of LABELS.region) labels[l] = regionOfZone(zone);
  const taints = (node.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNINITIALIZED);
  const spec = { ...node.spec, taints: taints.length > 0 ? taints : undefined };
  if (zone && !node.spec?.providerID) spec.providerID = providerID(zone, i.id);
  return { ...node, metadata: { ...node.metadata, labels }, spec, status: { ...node.status, ...capacityFor(node, type) } };
}

/** Capacity and allocatable from the instance type, only where the node reported none (the kubelet's, or ECS's registered resources, win). */
export function capacityFor(node: Node, type: InstanceTypeFacts | undefined): Pick<NonNullable<Node['status']>, 'capacity' | 'allocatable'> {
  const capacity = node.status?.capacity;
  const allocatable = node.status?.allocatable;
  if (!type || (capacity?.cpu && capacity?.memory)) return { capacity, allocatable };
  const fromType = { cpu: String(type.vcpus), memory: `${type.memoryMiB}Mi`, pods: '110' };
  return { capacity: { ...fromType, ...capacity }, allocatable: { ...fromType, ...(allocatable ?? capacity) } };
}

/** Whether the stored addresses differ from the instance's (set the same, in any order). */
export function addressesChanged(node: Node, i: InstanceFacts): boolean {
  const canon = (a: NodeAddress[]) => a.map((x) => `${x.type}=${x.address}`).sort().join(',');
  return canon(node.status?.addresses ?? []) !== canon(nodeAddresses(i));
}

export type LifecycleAction = 'delete' | 'taint-shutdown' | 'remove-shutdown-taint' | 'none';

/**
 * upstream's cloud node lifecycle for one Node: a Ready node loses the shutdown taint; a node that
 * is not Ready (False, Unknown, or never posted) is deleted when its instance is terminated or gone
 * (and, on ECS, when its container instance is deregistered), and tainted while the instance is
 * stopped. A running instance loses the taint too.
 */
export function lifecycleAction(node: Node, instance: InstanceFacts | undefined, containerInstanceGone: boolean): LifecycleAction {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  const tainted = hasTaint(node, TAINT_SHUTDOWN);
  if (ready !== 'True') {
    if (!instance || instance.state === 'terminated' || containerInstanceGone) return 'delete';
    if (instance.state === 'stopped') return tainted ? 'none' : 'taint-shutdown';
  }
  return tainted && (ready === 'True' || instance?.state === 'running') ? 'remove-shutdown-taint' : 'none';
}

export const SHUTDOWN_TAINT: Taint = { key: TAINT_SHUTDOWN, effect: 'NoSchedule' };
