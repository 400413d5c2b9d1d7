import { createHash } from 'node:crypto';
import type { Lease, Node, NodeCondition } from '../../api/types';
import { nowMicroTimestamp, nowTimestamp } from '../../registry/time';

/** What a simulated node offers pods; quantities as the API spells them. */
export interface NodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
  'ephemeral-storage'?: string;
}

export const DEFAULT_CAPACITY: NodeCapacity = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' };
export const KUBELET_VERSION = 'v1.33.0-skiff';
export const RUNTIME_VERSION = 'skiff-sim://1.0';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Annotating a simulated node with this (value `stopped`) stops its kubelet: how tests fail a node. */
export const HEARTBEAT_ANNOTATION = 'skiff.dev/heartbeat';
export const PROVIDER_ANNOTATION = 'skiff.dev/node-provider';

/** The node's InternalIP: the `index`th host of 172.18.0.0/16 (kind's docker network), from .2. */
export function nodeInternalIP(index: number): string {
  const host = index + 1;
  return `172.18.${Math.floor(host / 256)}.${host % 256}`;
}

/** The node's pod CIDR: 10.244.<index>.0/24, spilling into 10.245.0.0/16 and on past 255 nodes. */
export function nodePodCIDR(index: number): string {
  return `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

/** The kubelet's four node conditions, healthy, with `now` as the heartbeat. */
export function healthyConditions(current: NodeCondition[] | undefined, now: Date): NodeCondition[] {
  const healthy: [string, string, string, string][] = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ];
  const ts = nowTimestamp(now);
  const byType = new Map((current ?? []).map((c) => [c.type, c]));
  const own = healthy.map(([type, status, reason, message]) => {
    const before = byType.get(type);
    const lastTransitionTime = before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : ts;
    return { type, status, lastHeartbeatTime: ts, lastTransitionTime, reason, message };
  });
  const others = (current ?? []).filter((c) => !healthy.some(([type]) => type === c.type));
  return [...own, ...others];
}

const hex = (seed: string, length: number): string => createHash('sha256').update(seed).digest('hex').slice(0, length);
const uuidOf = (seed: string): string => {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** A Node as a kubelet registers it: labels, capacity, addresses, system info, healthy conditions. */
export function simulatedNode(name: string, index: number, capacity: NodeCapacity, now: Date): Node {
  const cidr = nodePodCIDR(index);
  const resources = { 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', ...capacity };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': 'skiff.simulated',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'skiff.simulated',
      },
      annotations: {
        [PROVIDER_ANNOTATION]: 'simulated',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr], providerID: `skiff-sim://${name}` },
    status: {
      capacity: resources,
      allocatable: { ...resources },
      conditions: healthyConditions(undefined, now),
      addresses: [
        { type: 'InternalIP', address: nodeInternalIP(index) },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hex(`machine/${name}`, 32),
        systemUUID: uuidOf(`system/${name}`),
        bootID: uuidOf(`boot/${name}/${now.toISOString()}`),
        kernelVersion: '6.8.0-skiff',
        osImage: 'Skiff Simulated Linux',
        containerRuntimeVersion: RUNTIME_VERSION,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** The node's heartbeat Lease, owned by the Node so it goes when the node does. */
export function nodeLease(nodeName: string, nodeUid: string | undefined, durationSeconds: number, now: Date): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(nodeUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] } : {}),
    },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: durationSeconds, renewTime: nowMicroTimestamp(now) },
  };
}

/** Whether a node's kubelet has been stopped by annotation (a simulated node failure). */
export function heartbeatStopped(node: { metadata?: { annotations?: Record<string, string> } }): boolean {
  return node.metadata?.annotations?.[HEARTBEAT_ANNOTATION] === 'stopped';
}
