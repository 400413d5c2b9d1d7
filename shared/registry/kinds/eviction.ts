import { BadRequestError, ConflictError, ForbiddenError, InternalError, NotFoundError, StatusDetails, TooManyRequestsError } from '../../api/errors';
import type { Eviction, Pod, PodDisruptionBudget } from '../../api/types';
import { disruptionAllowedCondition, isPodReady, podsOfBudget } from '../../controllers/disruption/budget';
import { findResource } from '../catalog';
import { RestContext } from '../context';
import { deleteObject, DeleteOptions } from '../delete';
import { KubeObject, ResourceDef, storageKey } from '../resource';
import { nowTimestamp } from '../time';
import { updateObject } from '../update';

const PODS = findResource('', 'v1', 'pods') as ResourceDef;
const PDBS = findResource('policy', 'v1', 'poddisruptionbudgets') as ResourceDef;
/** upstream's MaxDisruptedPodSize: approvals the disruption controller has not yet confirmed. */
const MAX_DISRUPTED_PODS = 2000;
const ATTEMPTS = 5;
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * POST pods/<name>/eviction (policy/v1 Eviction), as upstream's EvictionREST: a pod that is not
 * running (Pending, finished, already deleting) or covered by no budget is deleted; otherwise the
 * one budget covering it must allow a disruption, which this takes (decrementing
 * status.disruptionsAllowed and noting the pod in status.disruptedPods) before deleting the pod.
 * Refusals are 429 TooManyRequests with a DisruptionBudget cause, which `kubectl drain` retries.
 */
export async function evictPod(ctx: RestContext, namespace: string, name: string, eviction: object): Promise<void> {
  const body = eviction as Eviction;
  if (body.metadata?.name !== undefined && body.metadata.name !== name) {
    throw new BadRequestError('name in URL does not match name in Eviction object');
  }
  const options = deleteOptionsOf(body.deleteOptions);
  for (let attempt = 1; ; attempt++) {
    const pod = (await ctx.store.get(storageKey(PODS), namespace, name)) as Pod | undefined;
    if (!pod) throw new NotFoundError({ group: '', resource: 'pods' }, name);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata?.deletionTimestamp) {
      return deletePod(ctx, namespace, name, options);
    }
    const budgets = await budgetsOf(ctx, pod);
    if (budgets.length > 1) {
      throw new InternalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    }
    if (budgets.length === 0) return deletePod(ctx, namespace, name, options);
    const pdb = budgets[0];
    if (!isPodReady(pod) && unhealthyMayGo(pdb)) {
      // It does not count as healthy, so the budget is not touched; the pod must not change meanwhile.
      const preconditions = { ...options.preconditions, resourceVersion: options.preconditions?.resourceVersion ?? pod.metadata?.resourceVersion };
      try {
        return await deletePod(ctx, namespace, name, { ...options, preconditions });
      } catch (err) {
        // The pod changed since it was read (its kubelet wrote status): decide again on the new state, as upstream retries.
        if (err instanceof ConflictError && !options.preconditions?.resourceVersion && attempt < ATTEMPTS) continue;
        throw err;
      }
    }
    try {
      await takeDisruption(ctx, pdb, name, options.dryRun);
    } catch (err) {
      if (err instanceof ConflictError && attempt < ATTEMPTS) continue;
      throw err;
    }
    return deletePod(ctx, namespace, name, options);
  }
}

function deleteOptionsOf(d: Eviction['deleteOptions']): DeleteOptions {
  const policy = d?.propagationPolicy ?? (d?.orphanDependents === true ? 'Orphan' : d?.orphanDependents === false ? 'Background' : undefined);
  return {
    dryRun: (d?.dryRun ?? []).includes('All'),
    ...(d?.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: d.gracePeriodSeconds } : {}),
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
    ...(d?.preconditions ? { preconditions: { uid: d.preconditions.uid, resourceVersion: d.preconditions.resourceVersion } } : {}),
  };
}

async function deletePod(ctx: RestContext, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  await deleteObject(ctx, PODS, namespace, name, options);
}

/** Budgets whose selector matches the pod. As upstream's eviction, an empty selector matches nothing here. */
async function budgetsOf(ctx: RestContext, pod: Pod): Promise<PodDisruptionBudget[]> {
  const all: PodDisruptionBudget[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list(storageKey(PDBS), pod.metadata?.namespace, { after, limit: 1000 });
    all.push(...(page.items as PodDisruptionBudget[]));
    after = page.continueAfter;
  } while (after);
  return all.filter((pdb) => {
    const s = pdb.spec?.selector;
    const empty = !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
    return !empty && podsOfBudget(pdb, [pod]).length === 1;
  });
}

/** An unready pod may go without spending the budget under AlwaysAllow, or while the budget is met. */
function unhealthyMayGo(pdb: PodDisruptionBudget): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const s = pdb.status;
  return !!s && s.desiredHealthy > 0 && s.currentHealthy >= s.desiredHealthy;
}

/** upstream's checkAndDecrement: refuse, or take one disruption from the budget with a conditional write. */
async function takeDisruption(ctx: RestContext, pdb: PodDisruptionBudget, podName: string, dryRun: boolean): Promise<void> {
  const name = String(pdb.metadata?.name);
  const status = pdb.status;
  if (!status || Number(status.observedGeneration ?? 0) < Number(pdb.metadata?.generation ?? 0)) {
    throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`, 10);
  }
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if (status.disruptionsAllowed < 0) throw new ForbiddenError(gr, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    throw new ForbiddenError(gr, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (status.disruptionsAllowed === 0) {
    throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`, 0);
  }
  if (dryRun) return;
  const now = new Date();
  const allowed = status.disruptionsAllowed - 1;
  const next = {
    ...status,
    disruptionsAllowed: allowed,
    // The controller stops counting the pod as healthy before its deletion shows up.
    disruptedPods: { ...(status.disruptedPods ?? {}), [podName]: nowTimestamp(now) },
    ...(allowed === 0 ? { conditions: disruptionAllowedCondition(status.conditions, 0, status.observedGeneration, now) } : {}),
  };
  const pinned = { ...pdb, status: next } as KubeObject;
  await updateObject(ctx, PDBS, pdb.metadata?.namespace, name, 'status', () => pinned, { dryRun: false, fieldValidation: 'Ignore' });
}

function tooManyRequests(cause: string, retryAfterSeconds: number): TooManyRequestsError {
  const err = new TooManyRequestsError(VIOLATION, retryAfterSeconds);
  const details = err.details as StatusDetails;
  if (retryAfterSeconds <= 0) delete details.retryAfterSeconds;
  details.causes = [{ reason: 'DisruptionBudget', message: cause }];
  return err;
}
