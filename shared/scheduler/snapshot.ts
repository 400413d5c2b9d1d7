/**
 * The scheduler's view of the cluster for one batch (upstream's cache Snapshot): a NodeInfo per node
 * with its bound pods and running totals, plus indexes the affinity plugins read. `assume` adds a
 * pod the batch just placed, so the next decision in the same batch sees it and never overcommits.
 */
import type { Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, PodDisruptionBudget, StorageClass } from '../api/types';
import type { Labels } from '../api/selectors/labels';
import { NodeInfo, addPodToNode, newNodeInfo, removePodFromNode } from './node-info';
import { InvalidDataError } from '../api/invalid-data';
import { logger } from '../logging';
import { PodInfo, boundPodInfo, hasAffinityTerms, podInfoFor, podKey } from './pod-info';

/** The claims, volumes and classes a scheduling pass reads (keyed `namespace/name`, name, name). */
export interface StorageView {
  readonly claims: ReadonlyMap<string, PersistentVolumeClaim>;
  readonly volumes: ReadonlyMap<string, PersistentVolume>;
  readonly classes: ReadonlyMap<string, StorageClass>;
}

export interface Snapshot {
  /** Nodes in upstream's node-tree order: zones interleaved, so any prefix spreads across zones. */
  readonly nodeInfos: readonly NodeInfo[];
  readonly nodeInfoByName: ReadonlyMap<string, NodeInfo>;
  /** Namespace labels, for affinity terms with a namespaceSelector. */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
  readonly nodesWithAffinityPods: Set<NodeInfo>;
  readonly nodesWithRequiredAntiAffinityPods: Set<NodeInfo>;
  /** Pod key → the node the pod counts against. */
  readonly podNodes: Map<string, NodeInfo>;
  /** Claims, volumes and classes, when a pending pod mounts a claim (VolumeBinding reads them). */
  readonly storage?: StorageView;
  /** Where the next filter pass starts, so successive pods do not all examine the same nodes first. */
  nextStartNodeIndex: number;
  /**
   * Pending pods with status.nominatedNodeName, by that node (upstream's nominator): room a
   * preemption freed is kept for them, so no lower-priority pod takes it meanwhile.
   */
  readonly nominated: Map<string, PodInfo[]>;
  /** The budgets preemption tries not to violate. */
  readonly pdbs: readonly PodDisruptionBudget[];
}

export interface SnapshotOptions {
  readonly namespaces?: readonly Namespace[];
  readonly storage?: StorageView;
  readonly pdbs?: readonly PodDisruptionBudget[];
}

const ZONE_LABELS = ['failure-domain.beta.kubernetes.io/zone', 'topology.kubernetes.io/zone'];
const REGION_LABELS = ['failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/region'];

function firstLabel(labels: Labels, keys: readonly string[]): string {
  for (const key of keys) if (labels[key] !== undefined) return labels[key];
  return '';
}

/** utilnode.GetZoneKey: region and zone, beta labels first. */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels ?? {};
  const zone = firstLabel(labels, ZONE_LABELS);
  const region = firstLabel(labels, REGION_LABELS);
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/** nodeTree.list(): one node from each zone in turn, zones in order of first appearance. */
export function nodeTreeOrder<T extends { node: Node }>(items: readonly T[]): T[] {
  const zones = new Map<string, T[]>();
  for (const item of items) {
    const key = zoneKey(item.node);
    const zone = zones.get(key);
    if (zone) zone.push(item);
    else zones.set(key, [item]);
  }
  const ordered: T[] = [];
  const lists = [...zones.values()];
  for (let i = 0; ordered.length < items.length; i++) {
    for (const list of lists) if (i < list.length) ordered.push(list[i]);
  }
  return ordered;
}

function indexPod(snapshot: Snapshot, nodeInfo: NodeInfo, pod: PodInfo): void {
  addPodToNode(nodeInfo, pod);
  snapshot.podNodes.set(pod.key, nodeInfo);
  if (hasAffinityTerms(pod)) snapshot.nodesWithAffinityPods.add(nodeInfo);
  if (pod.requiredAntiAffinityTerms.length > 0) snapshot.nodesWithRequiredAntiAffinityPods.add(nodeInfo);
}

/** Whether a pod holds resources on its node: bound and not finished (the scheduler's informer filter). */
export function occupiesNode(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * A node or bound pod whose values cannot be interpreted (stored before validation caught them) is
 * left out of the snapshot with a log line, rather than failing every pass.
 */
function interpretable<T>(derive: () => T, what: string): T | undefined {
  try {
    return derive();
  } catch (err) {
    if (!(err instanceof InvalidDataError)) throw err;
    logger.warn('left out of the scheduling snapshot', { object: what, error: err.message });
    return undefined;
  }
}

/**
 * Builds a snapshot from plain lists. Pods bound to a node count against it unless Succeeded or
 * Failed; pods bound to unknown nodes are ignored; unbound pods are not part of the snapshot.
 */
export function buildSnapshot(nodes: readonly Node[], pods: readonly Pod[], options: SnapshotOptions = {}): Snapshot {
  const nodeInfos = nodeTreeOrder(nodes.flatMap((node) => interpretable(() => [newNodeInfo(node)], `node ${String(node.metadata?.name)}`) ?? []));
  const snapshot: Snapshot = {
    nodeInfos,
    nodeInfoByName: new Map(nodeInfos.map((n) => [n.name, n])),
    namespaceLabels: new Map((options.namespaces ?? []).map((ns) => [ns.metadata?.name ?? '', ns.metadata?.labels ?? {}])),
    nodesWithAffinityPods: new Set(),
    nodesWithRequiredAntiAffinityPods: new Set(),
    podNodes: new Map(),
    ...(options.storage ? { storage: options.storage } : {}),
    nextStartNodeIndex: 0,
    nominated: new Map(),
    pdbs: options.pdbs ?? [],
  };
  for (const pod of pods) {
    const nominatedNode = pod.status?.nominatedNodeName;
    if (nominatedNode && !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && snapshot.nodeInfoByName.has(nominatedNode)) {
      const info = interpretable(() => podInfoFor(pod), `pod ${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`);
      if (info !== undefined) nominate(snapshot, info, nominatedNode);
    }
    if (!occupiesNode(pod)) continue;
    const nodeInfo = snapshot.nodeInfoByName.get(pod.spec?.nodeName as string);
    const info = interpretable(() => podInfoFor(pod), `pod ${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`);
    if (info === undefined) continue;
    if (nodeInfo !== undefined && !snapshot.podNodes.has(info.key)) indexPod(snapshot, nodeInfo, info);
  }
  return snapshot;
}

/**
 * Records that `pod` was just placed on `nodeName` (upstream's AssumePod), so later decisions in
 * the batch count its requests, ports and affinity. Returns the bound pod's PodInfo.
 */
export function assume(snapshot: Snapshot, pod: Pod, nodeName: string): PodInfo {
  const nodeInfo = snapshot.nodeInfoByName.get(nodeName);
  if (nodeInfo === undefined) throw new Error(`node "${nodeName}" is not in the snapshot`);
  const key = podKey(pod);
  if (snapshot.podNodes.has(key)) throw new Error(`pod ${key} is already on node "${snapshot.podNodes.get(key)?.name}"`);
  const bound = boundPodInfo(podInfoFor(pod), nodeName);
  indexPod(snapshot, nodeInfo, bound);
  unnominate(snapshot, key);
  return bound;
}

/** Records (or moves) `pod`'s nomination to `nodeName` (upstream's AddNominatedPod). */
export function nominate(snapshot: Snapshot, pod: PodInfo, nodeName: string): void {
  unnominate(snapshot, pod.key);
  const pods = snapshot.nominated.get(nodeName) ?? [];
  pods.push(pod);
  snapshot.nominated.set(nodeName, pods);
}

/** Drops the pod's nomination, if any (DeleteNominatedPodIfExists). */
export function unnominate(snapshot: Snapshot, key: string): void {
  for (const [node, pods] of snapshot.nominated) {
    const i = pods.findIndex((p) => p.key === key);
    if (i < 0) continue;
    pods.splice(i, 1);
    if (pods.length === 0) snapshot.nominated.delete(node);
    return;
  }
}

/** The pods nominated to `nodeName`. */
export function nominatedPodsOn(snapshot: Snapshot, nodeName: string): readonly PodInfo[] {
  return snapshot.nominated.get(nodeName) ?? [];
}

/** Undoes `assume` (upstream's ForgetPod), e.g. when the binding write lost a race. */
export function forget(snapshot: Snapshot, pod: Pod): boolean {
  const key = podKey(pod);
  const nodeInfo = snapshot.podNodes.get(key);
  if (nodeInfo === undefined) return false;
  removePodFromNode(nodeInfo, key);
  snapshot.podNodes.delete(key);
  if (nodeInfo.podsWithAffinity.length === 0) snapshot.nodesWithAffinityPods.delete(nodeInfo);
  if (nodeInfo.podsWithRequiredAntiAffinity.length === 0) snapshot.nodesWithRequiredAntiAffinityPods.delete(nodeInfo);
  return true;
}

/** The same snapshot with one NodeInfo swapped for `replacement` (preemption dry runs). */
export function withNodeInfo(snapshot: Snapshot, replacement: NodeInfo): Snapshot {
  const swap = (n: NodeInfo): NodeInfo => (n.name === replacement.name ? replacement : n);
  const nodeInfos = snapshot.nodeInfos.map(swap);
  const reindex = (set: Set<NodeInfo>, has: (n: NodeInfo) => boolean): Set<NodeInfo> =>
    new Set([...set].filter((n) => n.name !== replacement.name).concat(has(replacement) ? [replacement] : []));
  return {
    ...snapshot,
    nodeInfos,
    nodeInfoByName: new Map(nodeInfos.map((n) => [n.name, n])),
    nodesWithAffinityPods: reindex(snapshot.nodesWithAffinityPods, (n) => n.podsWithAffinity.length > 0),
    nodesWithRequiredAntiAffinityPods: reindex(snapshot.nodesWithRequiredAntiAffinityPods, (n) => n.podsWithRequiredAntiAffinity.length > 0),
    podNodes: new Map(snapshot.podNodes),
  };
}
