/**
 * NodeInfo (upstream's framework.NodeInfo): a node, the pods bound or assumed to it, and running
 * totals of what they request, kept up to date as pods are added so filters read sums, not pods.
 */
import type { Node, Taint } from '../api/types';
import type { Labels } from '../api/selectors/labels';
import { HostPort, PodInfo, hasAffinityTerms } from './pod-info';
import { parseResource } from './quantity';
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS, isScalarResourceName } from './resources';

export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources (`example.com/gpu`, hugepages-*): name → amount. */
  readonly scalar: Map<string, number>;
}

export interface Allocatable extends Readonly<Resources> {
  readonly allowedPodNumber: number;
}

export interface NodeInfo {
  readonly name: string;
  readonly node: Node;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly allocatable: Allocatable;
  /** Sum of the requests of `pods`. */
  readonly requested: Resources;
  /** Sum with 100m / 200Mi for containers without cpu / memory requests, used for scoring. */
  readonly nonZeroRequested: Resources;
  readonly pods: PodInfo[];
  /** The subset of `pods` with pod affinity or anti-affinity of any kind. */
  readonly podsWithAffinity: PodInfo[];
  /** The subset of `pods` with required anti-affinity terms. */
  readonly podsWithRequiredAntiAffinity: PodInfo[];
  readonly usedPorts: HostPort[];
  // Inline copies of the figures above that every filter and score reads for every node. Reading
  // them from this one object instead of four nested ones makes a pass over 1,000 nodes several
  // times faster (fewer cache misses). addPodToNode and removePodFromNode keep them in step.
  /** allocatable − requested: what NodeResourcesFit's filter checks. */
  freeMilliCPU: number;
  freeMemory: number;
  freeEphemeralStorage: number;
  /** allocatable pods − bound pods. */
  freePods: number;
  /** What the resource scores read. */
  readonly allocatableMilliCPU: number;
  readonly allocatableMemory: number;
  requestedMilliCPU: number;
  requestedMemory: number;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
}

// Shared by every untainted node, so checking for taints touches no per-node array.
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

function emptyResources(): Resources {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, scalar: new Map() };
}

function allocatableOf(node: Node): Allocatable {
  // Kubelets always report allocatable; simulated nodes may report only capacity.
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  const scalar = new Map<string, number>();
  const core = { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0 };
  for (const [name, q] of Object.entries(list)) {
    const amount = parseResource(name, q);
    if (name === CPU) core.milliCPU = amount;
    else if (name === MEMORY) core.memory = amount;
    else if (name === EPHEMERAL_STORAGE) core.ephemeralStorage = amount;
    else if (name === PODS) core.allowedPodNumber = amount;
    else if (isScalarResourceName(name)) scalar.set(name, amount);
  }
  return { ...core, scalar };
}

export function newNodeInfo(node: Node): NodeInfo {
  const allocatable = allocatableOf(node);
  return {
    name: node.metadata?.name ?? '',
    node,
    labels: node.metadata?.labels ?? {},
    taints: node.spec?.taints?.length ? node.spec.taints : NO_TAINTS,
    unschedulable: node.spec?.unschedulable === true,
    allocatable,
    requested: emptyResources(),
    nonZeroRequested: emptyResources(),
    pods: [],
    podsWithAffinity: [],
    podsWithRequiredAntiAffinity: [],
    usedPorts: [],
    freeMilliCPU: allocatable.milliCPU,
    freeMemory: allocatable.memory,
    freeEphemeralStorage: allocatable.ephemeralStorage,
    freePods: allocatable.allowedPodNumber,
    allocatableMilliCPU: allocatable.milliCPU,
    allocatableMemory: allocatable.memory,
    requestedMilliCPU: 0,
    requestedMemory: 0,
    nonZeroMilliCPU: 0,
    nonZeroMemory: 0,
  };
}

function refreshInlineTotals(nodeInfo: NodeInfo): void {
  nodeInfo.freeMilliCPU = nodeInfo.allocatable.milliCPU - nodeInfo.requested.milliCPU;
  nodeInfo.freeMemory = nodeInfo.allocatable.memory - nodeInfo.requested.memory;
  nodeInfo.freeEphemeralStorage = nodeInfo.allocatable.ephemeralStorage - nodeInfo.requested.ephemeralStorage;
  nodeInfo.freePods = nodeInfo.allocatable.allowedPodNumber - nodeInfo.pods.length;
  nodeInfo.requestedMilliCPU = nodeInfo.requested.milliCPU;
  nodeInfo.requestedMemory = nodeInfo.requested.memory;
  nodeInfo.nonZeroMilliCPU = nodeInfo.nonZeroRequested.milliCPU;
  nodeInfo.nonZeroMemory = nodeInfo.nonZeroRequested.memory;
}

function accumulate(into: Resources, from: PodInfo['requests'], sign: 1 | -1): void {
  into.milliCPU += sign * from.milliCPU;
  into.memory += sign * from.memory;
  into.ephemeralStorage += sign * from.ephemeralStorage;
  for (const [name, amount] of from.scalar) into.scalar.set(name, (into.scalar.get(name) ?? 0) + sign * amount);
}

export function addPodToNode(nodeInfo: NodeInfo, pod: PodInfo): void {
  nodeInfo.pods.push(pod);
  if (hasAffinityTerms(pod)) nodeInfo.podsWithAffinity.push(pod);
  if (pod.requiredAntiAffinityTerms.length > 0) nodeInfo.podsWithRequiredAntiAffinity.push(pod);
  nodeInfo.usedPorts.push(...pod.hostPorts);
  accumulate(nodeInfo.requested, pod.requests, 1);
  accumulate(nodeInfo.nonZeroRequested, pod.nonZeroRequests, 1);
  refreshInlineTotals(nodeInfo);
}

function without<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** Removes a pod previously added (by PodInfo key); returns whether it was there. */
export function removePodFromNode(nodeInfo: NodeInfo, key: string): boolean {
  const pod = nodeInfo.pods.find((p) => p.key === key);
  if (pod === undefined) return false;
  without(nodeInfo.pods, pod);
  without(nodeInfo.podsWithAffinity, pod);
  without(nodeInfo.podsWithRequiredAntiAffinity, pod);
  for (const port of pod.hostPorts) without(nodeInfo.usedPorts, port);
  accumulate(nodeInfo.requested, pod.requests, -1);
  accumulate(nodeInfo.nonZeroRequested, pod.nonZeroRequests, -1);
  refreshInlineTotals(nodeInfo);
  return true;
}

/** A NodeInfo for the same node holding only the pods `keep` accepts (preemption dry runs). */
export function nodeInfoWith(nodeInfo: NodeInfo, keep: (pod: PodInfo) => boolean): NodeInfo {
  const copy = newNodeInfo(nodeInfo.node);
  for (const pod of nodeInfo.pods) if (keep(pod)) addPodToNode(copy, pod);
  return copy;
}
