/**
 * PodInfo (upstream's framework.PodInfo): a pod plus everything the plugins derive from it, computed
 * once per pod object and cached, so no plugin re-parses quantities or selectors per node.
 */
import type { Pod } from '../api/types';
import type { Labels } from '../api/selectors/labels';
import { AffinityTerm, WeightedAffinityTerm, compileAffinityTerm, compileWeightedTerm } from './affinity-term';
import { CPU, EPHEMERAL_STORAGE, MEMORY, isScalarResourceName, podRequests } from './resources';

/** Requests in the scheduler's units; `scalar` holds extended resources (`example.com/gpu`, hugepages-*). */
export interface PodResources {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  readonly scalar: ReadonlyMap<string, number>;
}

export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

export interface PodInfo {
  readonly pod: Pod;
  /** metadata.uid, or namespace/name for pods that have none yet. */
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly terminating: boolean;
  readonly requests: PodResources;
  /** Requests with 100m / 200Mi for containers that request no cpu / memory (scoring only). */
  readonly nonZeroRequests: PodResources;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly hostPorts: readonly HostPort[];
  /** Set when an affinity selector does not parse; the terms are then empty, as upstream. */
  readonly parseError?: string;
}

const EMPTY_SCALAR: ReadonlyMap<string, number> = new Map();

function toResources(list: Map<string, number>): PodResources {
  const scalar = new Map([...list].filter(([name, amount]) => amount !== 0 && isScalarResourceName(name)));
  return {
    milliCPU: list.get(CPU) ?? 0,
    memory: list.get(MEMORY) ?? 0,
    ephemeralStorage: list.get(EPHEMERAL_STORAGE) ?? 0,
    scalar: scalar.size === 0 ? EMPTY_SCALAR : scalar,
  };
}

function hostPorts(pod: Pod): HostPort[] {
  const containers = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
  const ports: HostPort[] = [];
  for (const container of containers) {
    for (const p of container.ports ?? []) {
      if ((p.hostPort ?? 0) <= 0) continue;
      ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort as number });
    }
  }
  return ports;
}

interface Terms {
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  parseError?: string;
}

function affinityTerms(pod: Pod, namespace: string): Terms {
  const affinity = pod.spec?.affinity;
  try {
    return {
      requiredAffinityTerms: (affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(namespace, t)),
      requiredAntiAffinityTerms: (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileAffinityTerm(namespace, t)),
      preferredAffinityTerms: (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileWeightedTerm(namespace, t)),
      preferredAntiAffinityTerms: (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileWeightedTerm(namespace, t)),
    };
  } catch (err) {
    const empty = { requiredAffinityTerms: [], requiredAntiAffinityTerms: [], preferredAffinityTerms: [], preferredAntiAffinityTerms: [] };
    return { ...empty, parseError: err instanceof Error ? err.message : String(err) };
  }
}

export function podKey(pod: Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

function newPodInfo(pod: Pod): PodInfo {
  const namespace = pod.metadata?.namespace ?? 'default';
  return {
    pod,
    key: podKey(pod),
    name: pod.metadata?.name ?? '',
    namespace,
    labels: pod.metadata?.labels ?? {},
    priority: pod.spec?.priority ?? 0,
    terminating: pod.metadata?.deletionTimestamp !== undefined,
    requests: toResources(podRequests(pod.spec)),
    nonZeroRequests: toResources(podRequests(pod.spec, true)),
    ...affinityTerms(pod, namespace),
    hostPorts: hostPorts(pod),
  };
}

const cache = new WeakMap<Pod, PodInfo>();

/** The PodInfo of `pod`, computed on first use. Pods are treated as immutable once seen. */
export function podInfoFor(pod: Pod): PodInfo {
  let info = cache.get(pod);
  if (info === undefined) {
    info = newPodInfo(pod);
    cache.set(pod, info);
  }
  return info;
}

/** The same pod bound to `nodeName`, reusing the derived data (nothing it depends on changed). */
export function boundPodInfo(info: PodInfo, nodeName: string): PodInfo {
  const pod: Pod = { ...info.pod, spec: { ...info.pod.spec, containers: info.pod.spec?.containers ?? [], nodeName } };
  const bound = { ...info, pod };
  cache.set(pod, bound);
  return bound;
}

export function hasAffinityTerms(info: PodInfo): boolean {
  const affinity = info.pod.spec?.affinity;
  return affinity?.podAffinity !== undefined || affinity?.podAntiAffinity !== undefined;
}
