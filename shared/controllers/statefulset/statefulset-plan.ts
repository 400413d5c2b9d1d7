import type { ControllerRevision, OwnerReference, PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet, StatefulSetStatus } from '../../api/types';
import { sameJson } from '../../api/patch/json';
import { scaledValue } from '../../registry/kinds/daemonset';
import { planHistory, REVISION_HASH_LABEL, type HistoryPlan } from '../daemonset/history';
import { claim, controllerRefOf, newControllerRef } from '../workloads/controller-ref';
import { isPodAvailable, isPodReady } from '../workloads/pod-state';
import { claimsFor, newStatefulSetPod, ordinalOf, podOwnerRef, POD_INDEX_LABEL, POD_NAME_LABEL, setOwnerRef, templateOfRevision } from './identity';

export interface StatefulSetObserved {
  sts: StatefulSet;
  /** Every pod and claim of the namespace, read after the StatefulSet. */
  pods: Pod[];
  claims: PersistentVolumeClaim[];
  revisions: ControllerRevision[];
  now: Date;
}

export interface StatefulSetPlan {
  history: HistoryPlan;
  adopt: Pod[];
  release: Pod[];
  /** Claims to create before the pods that use them. */
  createClaims: PersistentVolumeClaim[];
  /** Claims whose owner references the retention policy changes. */
  updateClaims: PersistentVolumeClaim[];
  create: Pod[];
  /** Pods whose identity labels are missing. */
  relabel: Pod[];
  delete: Pod[];
  status?: StatefulSetStatus;
  requeueAfterSeconds?: number;
}

const revisionOf = (p: Pod): string => p.metadata?.labels?.[REVISION_HASH_LABEL] ?? '';
const terminating = (p: Pod): boolean => !!p.metadata?.deletionTimestamp;
const finished = (p: Pod): boolean => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded';
const runningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p);

/**
 * Upstream's StatefulSet sync (stateful_set_control.go) as a pure function. OrderedReady creates
 * pods in ordinal order, each once the one before is Running and Ready, and removes surplus pods
 * from the highest ordinal down, one at a time; Parallel does both at once. RollingUpdate then
 * replaces pods at or above the partition from the highest ordinal down, within maxUnavailable.
 */
export function planStatefulSet({ sts, pods, claims, revisions, now }: StatefulSetObserved): StatefulSetPlan {
  const name = String(sts.metadata?.name);
  const members = pods.filter((p) => controllerRefOf(p)?.uid === sts.metadata?.uid || ordinalOf(sts, p.metadata?.name) !== undefined);
  const claimed = claim(sts, sts.spec?.selector, members, newControllerRef(sts, 'apps/v1', 'StatefulSet'));
  const owned = claimed.owned.filter((p) => ordinalOf(sts, p.metadata?.name) !== undefined);
  const inUse = new Set(owned.map((p) => revisionOf(p).slice(name.length + 1)));
  for (const r of [sts.status?.currentRevision, sts.status?.updateRevision]) if (r) inUse.add(r.slice(name.length + 1));
  const history = planHistory(sts, revisions, inUse, 'StatefulSet');
  const updateRevision = `${name}-${history.hash}`;
  const known = new Map(revisions.filter((r) => controllerRefOf(r)?.uid === sts.metadata?.uid).map((r) => [String(r.metadata?.name), r]));
  const currentRevision = sts.status?.currentRevision && known.has(sts.status.currentRevision) ? sts.status.currentRevision : updateRevision;
  const currentTemplate: PodTemplateSpec = (currentRevision !== updateRevision ? templateOfRevision(known.get(currentRevision)?.data) : undefined) ?? sts.spec?.template ?? {};
  const plan: StatefulSetPlan = { history, adopt: claimed.adopt, release: claimed.release, createClaims: [], updateClaims: [], create: [], relabel: [], delete: [] };

  const start = sts.spec?.ordinals?.start ?? 0;
  const count = sts.spec?.replicas ?? 1;
  const monotonic = sts.spec?.podManagementPolicy !== 'Parallel';
  const minReady = sts.spec?.minReadySeconds ?? 0;
  const healthy = (p: Pod) => runningAndReady(p) && !terminating(p) && isPodAvailable(p, minReady, now);
  const replicas: (Pod | undefined)[] = Array.from({ length: count }, () => undefined);
  const condemned: Pod[] = [];
  for (const p of owned) {
    const ordinal = ordinalOf(sts, p.metadata?.name) as number;
    if (ordinal >= start && ordinal < start + count) replicas[ordinal - start] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => (ordinalOf(sts, a.metadata?.name) as number) - (ordinalOf(sts, b.metadata?.name) as number));
  const status = computeStatus(sts, owned, currentRevision, updateRevision, minReady, now);
  plan.updateClaims = retentionUpdates(sts, claims, owned, start, count);
  if (!sameJson(status, sts.status)) plan.status = status;
  if (sts.metadata?.deletionTimestamp) return plan;

  const existingClaims = new Set(claims.map((c) => String(c.metadata?.name)));
  const ensureClaims = (ordinal: number) => {
    for (const c of claimsFor(sts, ordinal).values()) {
      if (existingClaims.has(String(c.metadata?.name))) continue;
      if (sts.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') c.metadata!.ownerReferences = [setOwnerRef(sts)];
      plan.createClaims.push(c);
      existingClaims.add(String(c.metadata?.name));
    }
  };
  const partition = sts.spec?.updateStrategy?.type === 'RollingUpdate' ? (sts.spec.updateStrategy.rollingUpdate?.partition ?? 0) : 0;
  const newPod = (i: number): Pod => {
    const ordinal = start + i;
    // Below the partition (or not yet updated under OnDelete) a recreated pod keeps the current revision.
    const useCurrent = sts.spec?.updateStrategy?.type === 'RollingUpdate' ? i < partition : i < (sts.status?.currentReplicas ?? 0);
    return useCurrent ? newStatefulSetPod(sts, currentTemplate, currentRevision, ordinal) : newStatefulSetPod(sts, sts.spec?.template ?? {}, updateRevision, ordinal);
  };
  const firstUnhealthy = [...replicas, ...condemned].find((p) => !p || !healthy(p));

  for (let i = 0; i < count; i++) {
    const pod = replicas[i];
    if (!pod) {
      ensureClaims(start + i);
      plan.create.push(newPod(i));
      if (monotonic) return plan;
      continue;
    }
    if (finished(pod) && !terminating(pod)) {
      plan.delete.push(pod);
      if (monotonic) return plan;
      continue;
    }
    if (!terminating(pod)) ensureClaims(start + i);
    const labels = pod.metadata?.labels ?? {};
    if (labels[POD_NAME_LABEL] !== pod.metadata?.name || labels[POD_INDEX_LABEL] !== String(start + i)) {
      plan.relabel.push({ ...pod, metadata: { ...pod.metadata, labels: { ...labels, [POD_NAME_LABEL]: String(pod.metadata?.name), [POD_INDEX_LABEL]: String(start + i) } } });
    }
    if (monotonic && !healthy(pod)) return waitForReady(plan, pod, minReady, now);
  }

  for (let k = condemned.length - 1; k >= 0; k--) {
    const pod = condemned[k];
    if (terminating(pod)) {
      if (monotonic) return plan;
      continue;
    }
    if (monotonic && firstUnhealthy && firstUnhealthy !== pod) return plan;
    plan.delete.push(pod);
    if (monotonic) return plan;
  }

  if (sts.spec?.updateStrategy?.type !== 'RollingUpdate') return plan;
  const maxUnavailable = Math.max(1, scaledValue(sts.spec.updateStrategy.rollingUpdate?.maxUnavailable ?? 1, count, true) ?? 1);
  let unavailable = replicas.filter((p) => !p || !healthy(p)).length + plan.delete.length;
  for (let i = count - 1; i >= partition && unavailable < maxUnavailable; i--) {
    const pod = replicas[i];
    if (!pod || terminating(pod) || plan.delete.includes(pod)) continue;
    if (revisionOf(pod) !== updateRevision) {
      plan.delete.push(pod);
      if (healthy(pod)) unavailable++;
    }
  }
  return plan;
}

/** A pod Ready but not yet available for minReadySeconds: come back when it will be. */
function waitForReady(plan: StatefulSetPlan, pod: Pod, minReady: number, now: Date): StatefulSetPlan {
  if (minReady > 0 && runningAndReady(pod) && !isPodAvailable(pod, minReady, now)) plan.requeueAfterSeconds = minReady;
  return plan;
}

function computeStatus(sts: StatefulSet, owned: Pod[], currentRevision: string, updateRevision: string, minReady: number, now: Date): StatefulSetStatus {
  const live = owned.filter((p) => !terminating(p));
  const status: StatefulSetStatus = {
    replicas: owned.length,
    readyReplicas: live.filter(runningAndReady).length,
    currentReplicas: owned.filter((p) => revisionOf(p) === currentRevision).length,
    updatedReplicas: owned.filter((p) => revisionOf(p) === updateRevision).length,
    currentRevision,
    updateRevision,
    availableReplicas: live.filter((p) => runningAndReady(p) && isPodAvailable(p, minReady, now)).length,
    collisionCount: sts.status?.collisionCount ?? 0,
  };
  if (sts.metadata?.generation) status.observedGeneration = sts.metadata.generation;
  // Upstream's completeRollingUpdate: once every pod runs the update revision and is ready, it becomes current.
  const desired = sts.spec?.replicas ?? 1;
  if (sts.spec?.updateStrategy?.type === 'RollingUpdate' && status.updatedReplicas === desired && status.readyReplicas === desired && status.replicas === desired) {
    status.currentRevision = updateRevision;
    status.currentReplicas = status.updatedReplicas;
  }
  if (sts.status?.conditions) status.conditions = sts.status.conditions;
  return status;
}

/**
 * persistentVolumeClaimRetentionPolicy as owner references (upstream's claim_owner_match):
 * whenDeleted Delete refs the set; whenScaled Delete refs the pod of a condemned ordinal, so the
 * garbage collector removes the claim after that pod.
 */
function retentionUpdates(sts: StatefulSet, claims: PersistentVolumeClaim[], owned: Pod[], start: number, count: number): PersistentVolumeClaim[] {
  const policy = sts.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const byName = new Map(claims.map((c) => [String(c.metadata?.name), c]));
  const out: PersistentVolumeClaim[] = [];
  for (const pod of owned) {
    const ordinal = ordinalOf(sts, pod.metadata?.name) as number;
    const condemned = ordinal < start || ordinal >= start + count;
    for (const want of claimsFor(sts, ordinal).values()) {
      const claimObj = byName.get(String(want.metadata?.name));
      if (!claimObj || claimObj.metadata?.deletionTimestamp) continue;
      const refs = claimObj.metadata?.ownerReferences ?? [];
      const others = refs.filter((r) => r.uid !== sts.metadata?.uid && !(r.kind === 'Pod' && r.name === pod.metadata?.name));
      const next: OwnerReference[] = [...others];
      if (policy.whenDeleted === 'Delete') next.push(setOwnerRef(sts));
      if (policy.whenScaled === 'Delete' && condemned) next.push(podOwnerRef(pod));
      if (!sameJson(refs, next)) out.push({ ...claimObj, metadata: { ...claimObj.metadata, ownerReferences: next } });
    }
  }
  return out;
}
