import type { ControllerRevision, DaemonSet, DaemonSetStatus, Node, Pod, Toleration } from '../../api/types';
import { sameJson } from '../../api/patch/json';
import { scaledValue } from '../../registry/kinds/daemonset';
import { findUntoleratedTaint } from '../../scheduler/plugins/taint-toleration';
import { podMatchesNodeSelectorAndAffinityTerms } from '../../scheduler/plugins/node-affinity';
import { claim, newControllerRef } from '../workloads/controller-ref';
import { expectationState, readExpectations } from '../workloads/expectations';
import { isPodAvailable, isPodReady } from '../workloads/pod-state';
import { planHistory, REVISION_HASH_LABEL, type HistoryPlan } from './history';

/** Fargate virtual nodes run one task per pod: no daemon can run "on" them (see docs/daemonsets.md). */
export const COMPUTE_TYPE_LABEL = 'skiff.dev/compute-type';

export interface DaemonSetObserved {
  ds: DaemonSet;
  nodes: Node[];
  /** Every pod of the namespace, read after the DaemonSet. */
  pods: Pod[];
  revisions: ControllerRevision[];
  now: Date;
}

export interface DaemonSetPlan {
  history: HistoryPlan;
  adopt: Pod[];
  release: Pod[];
  /** Nodes that get a new daemon pod. */
  create: string[];
  template: (node: string) => Pod;
  delete: Pod[];
  clearExpectations: boolean;
  status?: DaemonSetStatus;
  requeueAfterSeconds?: number;
}

/** Upstream's default DaemonSet tolerations (pkg/controller/daemon/util): daemons stay through node trouble. */
export function daemonTolerations(existing: Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const add: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) add.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(existing ?? [])];
  for (const t of add) if (!out.some((e) => e.key === t.key && e.effect === t.effect)) out.push(t);
  return out;
}

/** The daemon pod for one node: the template, its revision hash, tolerations and a node affinity naming the node. */
export function daemonPod(ds: DaemonSet, hash: string, node: string): Pod {
  const template = ds.spec?.template ?? {};
  const spec = structuredClone(template.spec) ?? { containers: [] };
  spec.tolerations = daemonTolerations(spec.tolerations, !!spec.hostNetwork);
  const affinity = (spec.affinity ??= {});
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const nameTerm = { key: 'metadata.name', operator: 'In', values: [node] };
  // As upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: every term gets the node's name, in place of any name term.
  const terms = (required?.nodeSelectorTerms ?? [{}]).map((t) => ({ ...t, matchFields: [...(t.matchFields ?? []).filter((f) => f.key !== 'metadata.name'), nameTerm] }));
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: terms };
  return {
    metadata: {
      generateName: `${String(ds.metadata?.name)}-`,
      namespace: ds.metadata?.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash, 'pod-template-generation': String(ds.metadata?.generation ?? 1) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
    },
    spec,
  };
}

/** Upstream's NodeShouldRunDaemonPod: [should run a new pod, should keep a running one]. */
export function nodeShouldRun(ds: DaemonSet, node: Node): [boolean, boolean] {
  if (node.metadata?.labels?.[COMPUTE_TYPE_LABEL] === 'fargate') return [false, false];
  const pod = daemonPod(ds, '', String(node.metadata?.name));
  if (!podMatchesNodeSelectorAndAffinityTerms(pod, node)) return [false, false];
  const taints = node.spec?.taints ?? [];
  const tolerations = pod.spec?.tolerations;
  if (findUntoleratedTaint(taints.filter((t) => t.effect === 'NoExecute'), tolerations)) return [false, false];
  return [!findUntoleratedTaint(taints, tolerations), true];
}

/** Which node a daemon pod is for: its binding, else the node its affinity names. */
function nodeOf(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.flatMap((t) => t.matchFields ?? []).find((f) => f.key === 'metadata.name' && f.operator === 'In')?.values?.[0];
}

/**
 * Upstream's DaemonSet sync as a pure function: one pod per eligible node, none elsewhere, failed
 * pods replaced, and a template change rolled out node by node within maxUnavailable (or
 * surging by maxSurge), or left to the user under OnDelete.
 */
export function planDaemonSet({ ds, nodes, pods, revisions, now }: DaemonSetObserved): DaemonSetPlan {
  const claimed = claim(ds, ds.spec?.selector, pods.filter((p) => !p.metadata?.deletionTimestamp), newControllerRef(ds, 'apps/v1', 'DaemonSet'));
  const owned = claimed.owned;
  const history = planHistory(ds, revisions, new Set(owned.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] ?? '')));
  const hash = history.hash;
  const plan: DaemonSetPlan = { history, adopt: claimed.adopt, release: claimed.release, create: [], template: (node) => daemonPod(ds, hash, node), delete: [], clearExpectations: false };
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const byNode = new Map<string, Pod[]>();
  for (const p of owned) {
    const n = nodeOf(p) ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const status: DaemonSetStatus = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0 };
  const eligible: { node: string; pod?: Pod }[] = [];
  const known = new Set(nodes.map((n) => String(n.metadata?.name)));
  for (const [node, list] of byNode) if (!known.has(node)) plan.delete.push(...list);
  for (const node of nodes) {
    const name = String(node.metadata?.name);
    const [run, keep] = nodeShouldRun(ds, node);
    const list = byNode.get(name) ?? [];
    const failed = list.filter((p) => p.status?.phase === 'Failed');
    const alive = list.filter((p) => p.status?.phase !== 'Failed').sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)));
    plan.delete.push(...failed);
    if (run) status.desiredNumberScheduled++;
    if (alive.length && (run || keep)) status.currentNumberScheduled++;
    if (alive.length && !run && !keep) status.numberMisscheduled++;
    if (!keep) {
      plan.delete.push(...alive);
      continue;
    }
    if (!run && alive.length === 0) continue;
    // Several pods on a node: the newest of the current revision, else the oldest, stays.
    const current = alive.filter((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] === hash);
    if (alive.length > 1 && ds.spec?.updateStrategy?.type === 'OnDelete') plan.delete.push(...alive.slice(1));
    eligible.push({ node: name, pod: alive[0] });
    if (current.length) eligible[eligible.length - 1].pod = current[0];
    const pod = eligible[eligible.length - 1].pod;
    if (pod && isPodReady(pod)) status.numberReady++;
    if (pod && isPodAvailable(pod, minReady, now)) status.numberAvailable = (status.numberAvailable ?? 0) + 1;
    if (current.length) status.updatedNumberScheduled = (status.updatedNumberScheduled ?? 0) + 1;
  }
  status.numberUnavailable = Math.max(0, status.desiredNumberScheduled - (status.numberAvailable ?? 0));
  const expectations = readExpectations(ds);
  const state = expectationState(expectations, pods, now);
  if (!state.satisfied) plan.requeueAfterSeconds = state.retryAfterSeconds;
  else if (!ds.metadata?.deletionTimestamp) {
    // Only nodes that should run a new pod are eligible without one.
    for (const e of eligible) if (!e.pod) plan.create.push(e.node);
    rollOut(ds, eligible, byNode, hash, minReady, now, plan);
    plan.clearExpectations = expectations !== undefined && plan.create.length === 0 && plan.delete.length === 0;
  } else {
    plan.create = [];
  }
  const generation = ds.metadata?.generation;
  if (generation) status.observedGeneration = generation;
  if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
  if (!sameJson(status, ds.status)) plan.status = status;
  return plan;
}

/** RollingUpdate: replace old-revision pods node by node within maxUnavailable, or surge new ones first. */
function rollOut(ds: DaemonSet, eligible: { node: string; pod?: Pod }[], byNode: Map<string, Pod[]>, hash: string, minReady: number, now: Date, plan: DaemonSetPlan): void {
  const strategy = ds.spec?.updateStrategy;
  if (strategy?.type === 'OnDelete') return;
  const desired = eligible.length;
  const maxSurge = scaledValue(strategy?.rollingUpdate?.maxSurge ?? 0, desired, true) ?? 0;
  const maxUnavailable = scaledValue(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true) ?? 1;
  const isNew = (p: Pod) => p.metadata?.labels?.[REVISION_HASH_LABEL] === hash;
  const available = (p: Pod | undefined) => !!p && isPodAvailable(p, minReady, now);
  if (maxSurge > 0) {
    const old = eligible.filter((e) => (byNode.get(e.node) ?? []).some((p) => !isNew(p) && p.status?.phase !== 'Failed'));
    let surging = eligible.filter((e) => (byNode.get(e.node) ?? []).some(isNew) && (byNode.get(e.node) ?? []).some((p) => !isNew(p))).length;
    for (const e of old) {
      const pods = byNode.get(e.node) ?? [];
      const fresh = pods.find(isNew);
      if (fresh && available(fresh)) plan.delete.push(...pods.filter((p) => !isNew(p)));
      else if (!fresh && surging < maxSurge) {
        plan.create.push(e.node);
        surging++;
      }
    }
    return;
  }
  const old = eligible.filter((e) => e.pod && !isNew(e.pod));
  let unavailable = eligible.filter((e) => !available(e.pod)).length;
  for (const e of old) {
    if (!available(e.pod)) plan.delete.push(e.pod as Pod);
    else if (unavailable < maxUnavailable) {
      plan.delete.push(e.pod as Pod);
      unavailable++;
    }
  }
}
