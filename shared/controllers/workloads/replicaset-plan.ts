import type { Pod, ReplicaSet, ReplicaSetStatus } from '../../api/types';
import { matchesLabelSelector } from '../../api/selectors/labels';
import { claim, newControllerRef } from './controller-ref';
import { expectationState, readExpectations } from './expectations';
import { isPodActive, isPodAvailable, isPodReady, maxContainerRestarts, podReadySince, secondsUntilAvailable } from './pod-state';

/** Upstream's --replicaset burst: at most this many pods are created or deleted per reconcile. */
export const BURST_REPLICAS = 500;

export interface ReplicaSetObserved {
  rs: ReplicaSet;
  /** Every pod in the ReplicaSet's namespace, read after the ReplicaSet. */
  pods: Pod[];
  now: Date;
  /** Who the pods name as their controller: the ReplicaSet, or a ReplicationController planned as one. */
  owner?: OwnerKind;
}

export interface OwnerKind {
  apiVersion: string;
  kind: string;
}

const REPLICA_SET: OwnerKind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };

export interface ReplicaSetPlan {
  /** Matching orphans, with our controller reference added. */
  adopt: Pod[];
  /** Pods we control that stopped matching, with our reference removed. */
  release: Pod[];
  /** How many pods to create from `template`. */
  create: number;
  template: Pod;
  /** Surplus pods, in upstream's deletion order. */
  delete: Pod[];
  /** Expectations left by an earlier reconcile, all observed: drop the annotation. */
  clearExpectations: boolean;
  /** Consecutive failed attempts so far, carried into the next claim (the backoff grows with it). */
  fails: number;
  /** The status to write, when it differs from the stored one. */
  status?: ReplicaSetStatus;
  requeueAfterSeconds?: number;
}

/**
 * Upstream's syncReplicaSet as a pure function: claim pods (adopt/release), then, unless an earlier
 * reconcile's expectations are outstanding or the ReplicaSet is being deleted, create or delete the
 * difference to spec.replicas; the status is computed from the pods as observed.
 */
export function planReplicaSet({ rs, pods, now, owner = REPLICA_SET }: ReplicaSetObserved): ReplicaSetPlan {
  const desired = rs.spec?.replicas ?? 1;
  const active = pods.filter(isPodActive);
  const claimed = claim(rs, rs.spec?.selector, active, newControllerRef(rs, owner.apiVersion, owner.kind));
  const owned = claimed.owned;
  const expectations = readExpectations(rs);
  const state = expectationState(expectations, pods, now);
  const plan: ReplicaSetPlan = {
    adopt: claimed.adopt,
    release: claimed.release,
    create: 0,
    template: podFromTemplate(rs, owner),
    delete: [],
    clearExpectations: false,
    fails: expectations?.fails ?? 0,
  };
  let requeue: number | undefined;
  if (!state.satisfied) {
    requeue = state.retryAfterSeconds;
  } else if (!rs.metadata?.deletionTimestamp) {
    const diff = owned.length - desired;
    if (diff < 0) plan.create = Math.min(-diff, BURST_REPLICAS);
    if (diff > 0) plan.delete = podsToDelete(owned, Math.min(diff, BURST_REPLICAS));
    plan.clearExpectations = expectations !== undefined && plan.create === 0 && plan.delete.length === 0;
  }
  // While backing off after failed creates, the ReplicaFailure condition stays; otherwise it goes.
  const status = calculateStatus(rs, owned, now, !state.satisfied && plan.fails > 0);
  if (!sameStatus(status, rs.status)) plan.status = status;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  for (const pod of owned) {
    const left = secondsUntilAvailable(pod, minReady, now);
    if (left !== undefined) requeue = Math.min(requeue ?? left, left);
  }
  if (requeue !== undefined) plan.requeueAfterSeconds = requeue;
  return plan;
}

/** The pod a ReplicaSet creates (upstream's GetPodFromTemplate); the applier names it. */
export function podFromTemplate(rs: ReplicaSet, owner: OwnerKind = REPLICA_SET): Pod {
  const template = rs.spec?.template ?? {};
  const meta = template.metadata ?? {};
  const pod: Pod = {
    metadata: {
      generateName: `${String(rs.metadata?.name)}-`,
      namespace: rs.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [newControllerRef(rs, owner.apiVersion, owner.kind)],
    },
    spec: structuredClone(template.spec),
  };
  if (meta.annotations) pod.metadata!.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata!.finalizers = [...meta.finalizers];
  return pod;
}

/**
 * Upstream's calculateStatus; zero counts are omitted as Go's omitempty does (replicas is not). The
 * ReplicaFailure condition is dropped unless `keepFailure` (the applier sets it when a write fails).
 */
export function calculateStatus(rs: ReplicaSet, owned: Pod[], now: Date, keepFailure = false): ReplicaSetStatus {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const status: ReplicaSetStatus = { replicas: owned.length };
  const fully = owned.filter((p) => matchesLabelSelector({ matchLabels: templateLabels }, p.metadata?.labels)).length;
  const ready = owned.filter(isPodReady).length;
  const available = owned.filter((p) => isPodAvailable(p, minReady, now)).length;
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  const generation = rs.metadata?.generation;
  if (generation) status.observedGeneration = generation;
  const conditions = (rs.status?.conditions ?? []).filter((c) => keepFailure || c.type !== 'ReplicaFailure');
  if (conditions.length) status.conditions = conditions;
  return status;
}

function sameStatus(a: ReplicaSetStatus, b: ReplicaSetStatus | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b ?? { replicas: 0 }));
}

function canonical(s: ReplicaSetStatus): unknown[] {
  return [s.replicas ?? 0, s.fullyLabeledReplicas ?? 0, s.readyReplicas ?? 0, s.availableReplicas ?? 0, s.observedGeneration ?? 0, s.conditions ?? []];
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * The `count` pods to delete first, in upstream's ActivePodsWithRanks order: unassigned before
 * assigned; Pending before Unknown before Running; not ready before ready; lower
 * pod-deletion-cost first; pods doubled up on a node first; ready for less time first; more
 * restarts first; newer first (name breaks remaining ties, for a stable order).
 */
export function podsToDelete(pods: Pod[], count: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod) => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank)).slice(0, count);
}

function compareForDeletion(a: Pod, b: Pod, rank: (p: Pod) => number): number {
  const aNode = a.spec?.nodeName ?? '';
  const bNode = b.spec?.nodeName ?? '';
  if (aNode !== bNode && (!aNode || !bNode)) return aNode ? 1 : -1;
  const phase = (p: Pod) => PHASE_ORDER[p.status?.phase ?? ''] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
  const cost = (p: Pod) => Number(p.metadata?.annotations?.[DELETION_COST] ?? 0) || 0;
  if (cost(a) !== cost(b)) return cost(a) - cost(b);
  if (rank(a) !== rank(b)) return rank(b) - rank(a);
  if (isPodReady(a) && isPodReady(b)) {
    const byTime = newerFirst(podReadySince(a), podReadySince(b));
    if (byTime !== 0) return byTime;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  const byCreation = newerFirst(time(a.metadata?.creationTimestamp), time(b.metadata?.creationTimestamp));
  if (byCreation !== 0) return byCreation;
  return String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

const time = (t: string | undefined): number | undefined => (t ? Date.parse(t) : undefined);

/** Unknown (zero) times first, then the later time first (upstream's afterOrZero). */
function newerFirst(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return b - a;
}
