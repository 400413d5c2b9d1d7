/** Scheduler test fixtures: nodes and pods built from a few fields, validated by the API schemas. */
import { Node, Pod, Taint, Toleration } from '../../shared/api/types';
import type { Affinity, Container, TopologySpreadConstraint } from '../../shared/api/types';
import { newNodeInfo, addPodToNode, NodeInfo } from '../../shared/scheduler/node-info';
import { podInfoFor, PodInfo } from '../../shared/scheduler/pod-info';

export interface NodeFixture {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: string;
  extended?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function makeNode(f: NodeFixture): Node {
  const allocatable = { cpu: f.cpu ?? '4', memory: f.memory ?? '8Gi', pods: f.pods ?? '110', ...f.extended };
  return Node.parse({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: f.name, labels: { 'kubernetes.io/hostname': f.name, ...f.labels } },
    spec: { taints: f.taints, unschedulable: f.unschedulable },
    status: { capacity: allocatable, allocatable },
  });
}

export interface PodFixture {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  extended?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  hostPorts?: number[];
  priority?: number;
  preemptionPolicy?: string;
  phase?: string;
}

export function makePod(f: PodFixture): Pod {
  const requests = { ...(f.cpu ? { cpu: f.cpu } : {}), ...(f.memory ? { memory: f.memory } : {}), ...f.extended };
  const ports = f.hostPorts?.map((hostPort) => ({ containerPort: hostPort, hostPort }));
  const containers = f.containers ?? [{ name: 'app', image: 'nginx', resources: { requests }, ...(ports ? { ports } : {}) }];
  return Pod.parse({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: f.name, namespace: f.namespace ?? 'default', labels: f.labels },
    spec: {
      containers,
      initContainers: f.initContainers,
      overhead: f.overhead,
      nodeName: f.nodeName,
      nodeSelector: f.nodeSelector,
      affinity: f.affinity,
      tolerations: f.tolerations,
      topologySpreadConstraints: f.topologySpreadConstraints,
      priority: f.priority,
      preemptionPolicy: f.preemptionPolicy,
    },
    status: f.phase ? { phase: f.phase } : undefined,
  });
}

/** A NodeInfo holding `pods`, for calling plugin predicates directly. */
export function nodeInfoOf(node: Node, pods: Pod[] = []): NodeInfo {
  const info = newNodeInfo(node);
  for (const pod of pods) addPodToNode(info, podInfoFor(pod));
  return info;
}

export function infoOf(pod: Pod): PodInfo {
  return podInfoFor(pod);
}
