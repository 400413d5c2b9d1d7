import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from '../../api/types';
import { matchesLabelSelector } from '../../api/selectors/labels';
import { claim, controllerRefOf, newControllerRef } from './controller-ref';
import { calculateStatus, compactStatus, rolloutStatus, sameStatus, setPausedCondition } from './deployment-status';
import type { PlannedEvent } from '../events';
import { canonicalJson } from './pod-template-hash';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { cleanup, isScalingEvent, newAndOld, ReplicaSetWrite, Rollout, scale } from './rollout';

/** How soon to look again while Recreate waits for old pods to go. */
const RECREATE_POLL_SECONDS = 2;

export interface DeploymentObserved {
  deployment: Deployment;
  /** Every ReplicaSet in the Deployment's namespace. */
  replicaSets: ReplicaSet[];
  /** Every pod in the namespace (Recreate waits for old ones to go). */
  pods: Pod[];
  now: Date;
}

export interface DeploymentPlan {
  /** ReplicaSets this Deployment no longer selects, with its controller reference removed. */
  release: ReplicaSet[];
  /** The new ReplicaSet to create, when the template has none yet. */
  create?: ReplicaSet;
  /** Events to record once `create` succeeded. */
  createEvents: PlannedEvent[];
  /** ReplicaSets to write (adopted, scaled, re-annotated), each with its events. */
  update: ReplicaSetWrite[];
  /** Old ReplicaSets beyond revisionHistoryLimit. */
  delete: ReplicaSet[];
  /** The Deployment's annotations (its revision), when they change. */
  annotations?: Record<string, string>;
  /** The status to write, when it changes. */
  status?: DeploymentStatus;
  requeueAfterSeconds?: number;
}

/**
 * Upstream's syncDeployment as a pure function of what was read: claim ReplicaSets, then either
 * report status only (being deleted), scale (paused, or a scaling event), or roll out by strategy.
 */
export function planDeployment({ deployment, replicaSets, pods, now }: DeploymentObserved): DeploymentPlan {
  const d = structuredClone(deployment);
  const claimed = claim(d, d.spec?.selector, replicaSets.map((rs) => structuredClone(rs)), newControllerRef(d, 'apps/v1', 'Deployment'));
  const ownedUids = new Set(claimed.owned.map((rs) => rs.metadata?.uid));
  const ownedPods = pods.filter((p) => ownedUids.has(controllerRefOf(p)?.uid) && selects(d, p));
  const r = new Rollout(d, claimed.owned, ownedPods, now);
  for (const rs of claimed.adopt) r.touch(rs);

  let status: DeploymentStatus;
  let requeue: number | undefined;
  if (d.metadata?.deletionTimestamp) {
    const { newRS, oldRSs } = newAndOld(r, false);
    status = calculateStatus([...oldRSs, newRS], newRS, d, now);
  } else {
    setPausedCondition(d, now);
    if (d.spec?.paused || isScalingEvent(r)) {
      const { newRS, oldRSs } = newAndOld(r, false);
      scale(r, newRS, oldRSs);
      if (d.spec?.paused) cleanup(r, oldRSs);
      status = calculateStatus([...oldRSs, newRS], newRS, d, now);
    } else {
      const recreate = d.spec?.strategy?.type === 'Recreate';
      const outcome = recreate ? rolloutRecreate(r) : { ...rolloutRolling(r), waiting: false };
      const rollout = rolloutStatus(outcome.allRSs, outcome.newRS, d, now);
      status = rollout.status;
      requeue = rollout.recheckAfterSeconds;
      if (outcome.waiting) requeue = Math.min(requeue ?? RECREATE_POLL_SECONDS, RECREATE_POLL_SECONDS);
    }
  }

  const plan: DeploymentPlan = {
    release: claimed.release,
    create: r.created,
    createEvents: r.createEvents,
    update: [...r.writes.values()],
    delete: r.deletes,
    requeueAfterSeconds: requeue,
  };
  const annotations = d.metadata?.annotations ?? {};
  if (canonicalJson(annotations) !== canonicalJson(deployment.metadata?.annotations ?? {})) plan.annotations = annotations;
  if (!sameStatus(status, deployment.status)) plan.status = compactStatus(status);
  if (plan.requeueAfterSeconds === undefined) delete plan.requeueAfterSeconds;
  return plan;
}

function selects(d: Deployment, pod: Pod): boolean {
  try {
    return matchesLabelSelector(d.spec?.selector, pod.metadata?.labels);
  } catch {
    return false;
  }
}
