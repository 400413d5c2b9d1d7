import type { Deployment, Pod, ReplicaSet } from '../../api/types';
import { newControllerRef } from './controller-ref';
import { getCondition, hasProgressDeadline, hasRevisionHistoryLimit, newCondition, PROGRESSING, REASON, setCondition } from './deployment-status';
import type { PlannedEvent } from '../events';
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './pod-template-hash';
import { DESIRED_REPLICAS, maxRevision, replicasAnnotationsNeedUpdate, REVISION, revisionOf, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations } from './revision';
import { byCreation, bySize, filterActive, isRollingUpdate, isSaturated, maxSurge, newRSNewReplicas, proportion, replicasOf, rsReplicas, sumReplicas } from './scaling';

/** A ReplicaSet write a rollout step asked for, with the events to record once it is done. */
export interface ReplicaSetWrite {
  rs: ReplicaSet;
  events: PlannedEvent[];
}

/**
 * The working state of one Deployment sync: upstream's steps (sync.go, rolling.go, recreate.go)
 * run against in-memory copies, each change recorded as a write for the applier. Later steps see
 * earlier ones, as upstream's steps see the objects its API calls returned.
 */
export class Rollout {
  created?: ReplicaSet;
  createEvents: PlannedEvent[] = [];
  readonly writes = new Map<string, ReplicaSetWrite>();
  readonly deletes: ReplicaSet[] = [];

  constructor(
    /** The Deployment; its annotations and status change as the steps run. */
    readonly d: Deployment,
    /** The ReplicaSets it controls (copies). */
    readonly owned: ReplicaSet[],
    /** Pods of those ReplicaSets (Recreate waits for old ones to go). */
    readonly pods: Pod[],
    readonly now: Date,
  ) {}

  /** Marks a ReplicaSet changed (unless it is the one being created, which carries its changes). */
  touch(rs: ReplicaSet, event?: PlannedEvent): void {
    if (rs === this.created) {
      if (event) this.createEvents.push(event);
      return;
    }
    const name = String(rs.metadata?.name);
    const write = this.writes.get(name) ?? { rs, events: [] };
    if (event) write.events.push(event);
    this.writes.set(name, write);
  }

  /** Upstream's scaleReplicaSet: the new size and the replicas annotations; an event when the size changes. */
  scale(rs: ReplicaSet, newScale: number, operation?: 'up' | 'down'): boolean {
    const from = rsReplicas(rs);
    const sizeChanges = from !== newScale;
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
    (rs.spec ??= { selector: {} }).replicas = newScale;
    setReplicasAnnotations(rs, desired, max);
    const op = operation ?? (from < newScale ? 'up' : 'down');
    this.touch(rs, sizeChanges ? { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${op} replica set ${String(rs.metadata?.name)} from ${from} to ${newScale}` } : undefined);
    return sizeChanges;
  }

  /** Upstream's scaleReplicaSetAndRecordEvent. */
  scaleTo(rs: ReplicaSet, newScale: number): boolean {
    return rsReplicas(rs) === newScale ? false : this.scale(rs, newScale);
  }
}

/** The oldest owned ReplicaSet whose template is the Deployment's (upstream's FindNewReplicaSet). */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/**
 * Upstream's getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when asked and missing)
 * with its revision raised above every old one, and the Deployment's revision following it.
 */
export function newAndOld(r: Rollout, createIfMissing: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
  const existing = findNewReplicaSet(r.d, r.owned);
  const oldRSs = r.owned.filter((rs) => rs !== existing);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const annotationsChanged = setNewReplicaSetAnnotations(r.d, existing, newRevision, true, maxSurge(r.d));
    const minReady = r.d.spec?.minReadySeconds;
    const minReadyChanged = (existing.spec?.minReadySeconds ?? 0) !== (minReady ?? 0);
    if (minReadyChanged) (existing.spec ??= { selector: {} }).minReadySeconds = minReady;
    if (annotationsChanged || minReadyChanged) r.touch(existing);
    setDeploymentRevision(r.d, existing.metadata?.annotations?.[REVISION] ?? String(newRevision));
    if (hasProgressDeadline(r.d) && !getCondition(r.d.status, PROGRESSING)) {
      const msg = `Found new replica set "${String(existing.metadata?.name)}"`;
      setCondition((r.d.status ??= {}), newCondition(PROGRESSING, 'True', REASON.foundNewReplicaSet, msg, r.now));
    }
    return { newRS: existing, oldRSs };
  }
  if (!createIfMissing) return { oldRSs };
  const newRS = newReplicaSet(r.d);
  (newRS.spec ??= { selector: {} }).replicas = newRSNewReplicas(r.d, [...oldRSs, newRS], newRS);
  setNewReplicaSetAnnotations(r.d, newRS, newRevision, false, maxSurge(r.d));
  r.created = newRS;
  r.owned.push(newRS);
  const replicas = rsReplicas(newRS);
  if (replicas > 0) r.createEvents.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set ${String(newRS.metadata?.name)} from 0 to ${replicas}` });
  setDeploymentRevision(r.d, String(newRevision));
  if (hasProgressDeadline(r.d)) {
    const msg = `Created new replica set "${String(newRS.metadata?.name)}"`;
    setCondition((r.d.status ??= {}), newCondition(PROGRESSING, 'True', REASON.newReplicaSetCreated, msg, r.now));
  }
  return { newRS, oldRSs };
}

/** The ReplicaSet for the Deployment's current template: `<name>-<hash>`, labelled and selected by the hash. */
export function newReplicaSet(d: Deployment): ReplicaSet {
  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  const template = structuredClone(d.spec?.template ?? {});
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${String(d.metadata?.name)}-${hash}`,
      namespace: d.metadata?.namespace,
      labels: { ...labels },
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector, template },
  };
}

/** Upstream's isScalingEvent: an active ReplicaSet was sized for another spec.replicas. */
export function isScalingEvent(r: Rollout): boolean {
  const { newRS, oldRSs } = newAndOld(r, false);
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = rs.metadata?.annotations?.[DESIRED_REPLICAS];
    return desired !== undefined && /^\d+$/.test(desired) && Number(desired) !== replicasOf(r.d);
  });
}

/**
 * Upstream's scale: on a scaling event (or while paused) the one active ReplicaSet takes the new
 * size; with several, the difference is shared in proportion to their sizes, leftovers to the largest.
 */
export function scale(r: Rollout, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const d = r.d;
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) !== replicasOf(d)) r.scaleTo(activeOrLatest, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) r.scaleTo(old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumReplicas(all);
  const operation = toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : undefined;
  if (toAdd !== 0) all.sort(bySize(toAdd > 0));
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return rsReplicas(rs) + p;
  });
  if (toAdd !== 0 && all.length > 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  all.forEach((rs, i) => r.scale(rs, sizes[i], operation));
}

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestOld = [...oldRSs].sort(byCreation).reverse();
  const active = filterActive([...newestOld, newRS]);
  if (active.length === 0) return newRS ?? newestOld[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * Upstream's cleanupDeployment: beyond revisionHistoryLimit, the oldest old ReplicaSets that have
 * scaled to zero (and whose controller has seen that) are deleted.
 */
export function cleanup(r: Rollout, oldRSs: ReplicaSet[]): void {
  if (!hasRevisionHistoryLimit(r.d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - (r.d.spec?.revisionHistoryLimit ?? 10);
  if (diff <= 0) return;
  cleanable.sort((a, b) => {
    const ra = revisionOf(a);
    const rb = revisionOf(b);
    return Number.isNaN(ra) || Number.isNaN(rb) || ra === rb ? byCreation(a, b) : ra - rb;
  });
  for (const rs of cleanable.slice(0, diff)) {
    const settled = (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0);
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || !settled || r.writes.has(String(rs.metadata?.name))) continue;
    r.deletes.push(rs);
  }
}
