/**
 * NodeResourcesFit (plugins/noderesources/fit.go): a node must have room for the pod's requests
 * (cpu, memory, ephemeral-storage, extended resources) and one more pod. Scoring prefers the
 * least allocated nodes (spreading) or, with MostAllocated, the fullest (bin packing).
 */
import type { FilterPlugin, ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';
import type { PodInfo, PodResources } from '../pod-info';
import { CPU, EPHEMERAL_STORAGE, MEMORY, isScalarResourceName } from '../resources';
import { MAX_NODE_SCORE as IMPORTED_MAX_NODE_SCORE } from '../scoring';
import { SUCCESS as IMPORTED_SUCCESS, Status, unschedulable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;
const MAX_NODE_SCORE = IMPORTED_MAX_NODE_SCORE;

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated';

export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

export const DEFAULT_SCORING_RESOURCES: readonly ResourceSpec[] = [
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
];

export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

/** fitsRequest: every resource the node lacks for `request`, in upstream's order (pods, cpu, memory, ...). */
export function fitsRequest(request: PodResources, nodeInfo: NodeInfo): InsufficientResource[] {
  const { allocatable, requested } = nodeInfo;
  const insufficient: InsufficientResource[] = [];
  const check = (resourceName: string, reason: string, want: number, used: number, capacity: number): void => {
    if (want > 0 && want > capacity - used) insufficient.push({ resourceName, reason, requested: want, used, capacity });
  };
  if (nodeInfo.pods.length + 1 > allocatable.allowedPodNumber) {
    insufficient.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: allocatable.allowedPodNumber });
  }
  check(CPU, 'Insufficient cpu', request.milliCPU, requested.milliCPU, allocatable.milliCPU);
  check(MEMORY, 'Insufficient memory', request.memory, requested.memory, allocatable.memory);
  check(EPHEMERAL_STORAGE, 'Insufficient ephemeral-storage', request.ephemeralStorage, requested.ephemeralStorage, allocatable.ephemeralStorage);
  for (const [name, want] of request.scalar) {
    check(name, `Insufficient ${name}`, want, requested.scalar.get(name) ?? 0, allocatable.scalar.get(name) ?? 0);
  }
  return insufficient;
}

/** The common case without allocating: room for one more pod and every requested resource. */
function fitsQuickly(request: PodResources, nodeInfo: NodeInfo): boolean {
  return (
    nodeInfo.freePods >= 1 &&
    request.milliCPU <= nodeInfo.freeMilliCPU &&
    request.memory <= nodeInfo.freeMemory &&
    request.ephemeralStorage <= nodeInfo.freeEphemeralStorage &&
    request.scalar.size === 0
  );
}

export function checkFit(request: PodResources, nodeInfo: NodeInfo): Status {
  if (fitsQuickly(request, nodeInfo)) return SUCCESS;
  const insufficient = fitsRequest(request, nodeInfo);
  return insufficient.length === 0 ? SUCCESS : unschedulable(...insufficient.map((i) => i.reason));
}

/** leastRequestedScore: the free share of the node after placing the pod, 0..100. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mostRequestedScore: the used share; requests beyond capacity (default requests) count as full. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/**
 * calculateResourceAllocatableRequest, allocatable half: 0 leaves the resource out of the score
 * (the node lacks it, or it is an extended resource the pod does not request).
 */
export function scoredAllocatable(nodeInfo: NodeInfo, resource: string, podRequest: number): number {
  switch (resource) {
    case 'cpu':
      return nodeInfo.allocatableMilliCPU;
    case 'memory':
      return nodeInfo.allocatableMemory;
    case 'ephemeral-storage':
      return nodeInfo.allocatable.ephemeralStorage;
    default:
      if (podRequest === 0 && isScalarResourceName(resource)) return 0;
      return nodeInfo.allocatable.scalar.get(resource) ?? 0;
  }
}

/**
 * calculateResourceAllocatableRequest, requested half: what the node's pods request plus the pod.
 * Scoring counts containers without cpu/memory requests as 100m/200Mi (nonZero) unless `useRequested`.
 */
export function scoredRequested(nodeInfo: NodeInfo, resource: string, podRequest: number, useRequested: boolean): number {
  switch (resource) {
    case 'cpu':
      return (useRequested ? nodeInfo.requestedMilliCPU : nodeInfo.nonZeroMilliCPU) + podRequest;
    case 'memory':
      return (useRequested ? nodeInfo.requestedMemory : nodeInfo.nonZeroMemory) + podRequest;
    case 'ephemeral-storage':
      return nodeInfo.requested.ephemeralStorage + podRequest;
    default:
      return (nodeInfo.requested.scalar.get(resource) ?? 0) + podRequest;
  }
}

/** The pod's request for each scored resource, in `resources` order. */
export function podRequestList(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const cpuMem = useRequested ? pod.requests : pod.nonZeroRequests;
  return resources.map(({ name }) => {
    if (name === CPU) return cpuMem.milliCPU;
    if (name === MEMORY) return cpuMem.memory;
    if (name === EPHEMERAL_STORAGE) return pod.requests.ephemeralStorage;
    return pod.requests.scalar.get(name) ?? 0;
  });
}

/** The weighted average of the per-resource scores over the resources the node has. */
export function resourceAllocationScore(
  strategy: ScoringStrategyType,
  resources: readonly ResourceSpec[],
  podRequests: readonly number[],
  nodeInfo: NodeInfo,
): number {
  const perResource = strategy === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < resources.length; i++) {
    const allocatable = scoredAllocatable(nodeInfo, resources[i].name, podRequests[i]);
    if (allocatable === 0) continue;
    nodeScore += perResource(scoredRequested(nodeInfo, resources[i].name, podRequests[i], false), allocatable) * resources[i].weight;
    weightSum += resources[i].weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

export interface NodeResourcesFitArgs {
  readonly scoringStrategy?: ScoringStrategyType;
  readonly resources?: readonly ResourceSpec[];
  readonly weight?: number;
}

export function newNodeResourcesFit(args: NodeResourcesFitArgs = {}): FilterPlugin & ScorePlugin {
  const strategy = args.scoringStrategy ?? 'LeastAllocated';
  const resources = args.resources ?? DEFAULT_SCORING_RESOURCES;
  const key = `PreScore${NODE_RESOURCES_FIT}`;
  return {
    name: NODE_RESOURCES_FIT,
    weight: args.weight ?? 1,
    filter: (pod, nodeInfo) => checkFit(pod.requests, nodeInfo),
    preScore(pod, _nodes, _snapshot, state): void {
      state.write(key, podRequestList(pod, resources, false));
    },
    score: (pod, nodeInfo, _snapshot, state) =>
      resourceAllocationScore(strategy, resources, state.read<number[]>(key) ?? podRequestList(pod, resources, false), nodeInfo),
  };
}
