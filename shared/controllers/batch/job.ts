import type { Job, Pod } from '../../api/types';
import { ConflictError, NotFoundError } from '../../api/errors';
import { generateName } from '../../api/validation/names';
import type { RestContext } from '../../registry/context';
import { updateObject } from '../../registry/update';
import { nowTimestamp } from '../../registry/time';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, systemWrite, update } from '../client';
import type { Controller } from '../controller';
import { recordEvent } from '../events';
import { controllerRefOf } from '../workloads/controller-ref';
import { claimLifetimeSeconds, Expectations, failureBackoffSeconds, withExpectations } from '../workloads/expectations';
import { controllerOwners, objectsOfAny } from '../workloads/routing';
import { hasTracking, TRACKING_FINALIZER } from './job-pods';
import { JobPlan, planJob } from './job-plan';

const NAME = 'job';
const COMPONENT = 'job-controller';

const jobKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'jobs.batch', namespace, name, controller: NAME });

/**
 * Upstream's Job controller: runs pods until enough succeed, counting each finished pod once
 * through the job-tracking finalizer. Job records name the Job; pod records name the Job that
 * controls the pod; an orphan pod still carrying the finalizer is routed by itself so the
 * finalizer is removed once its Job is gone.
 */
export const jobController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['jobs.batch', 'pods'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'jobs.batch') return [jobKey(key.namespace, key.name)];
    if (key.resource !== 'pods') return [];
    const owners = controllerOwners(record, 'batch', 'Job');
    const keys = owners.names.map((n) => jobKey(key.namespace, n));
    if (!owners.known) keys.push({ ...key, controller: NAME });
    return keys;
  },
  async reconcile(ctx, key) {
    if (key.resource === 'pods') return reconcileForPod(ctx, key);
    return syncJob(ctx, String(key.namespace), key.name);
  },
  async resync(ctx) {
    return (await list(ctx, R.jobs)).map((j) => jobKey(j.metadata.namespace, String(j.metadata.name)));
  },
};

/** A pod without a readable record: sync its Job, or release it if that Job is gone. */
async function reconcileForPod(ctx: RestContext, key: WorkKey): Promise<ReconcileResult> {
  const namespace = String(key.namespace);
  const pod = (await get(ctx, R.pods, namespace, key.name)) as Pod | undefined;
  const ref = pod ? controllerRefOf(pod) : undefined;
  if (!pod || !ref || ref.kind !== 'Job') return {};
  const job = await get(ctx, R.jobs, namespace, ref.name);
  if (job && job.metadata.uid === ref.uid) return syncJob(ctx, namespace, ref.name);
  if (hasTracking(pod)) await removeFinalizer(ctx, pod);
  return {};
}

export async function syncJob(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const job = (await get(ctx, R.jobs, namespace, name)) as Job | undefined;
  if (!job) return releaseOrphans(ctx, namespace, name);
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  try {
    return await applyJobPlan(ctx, job, planJob({ job, pods, now: new Date() }));
  } catch (err) {
    // Another writer (a kubelet's pod status, a user's edit) got there first: go again in a second.
    if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
    throw err;
  }
}

/** The Job is gone: its pods keep no tracking finalizer (the garbage collector removes them). */
async function releaseOrphans(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  const mine = pods.filter((p) => hasTracking(p) && controllerRefOf(p)?.kind === 'Job' && controllerRefOf(p)?.name === name);
  await Promise.all(mine.map((p) => removeFinalizer(ctx, p)));
  return {};
}

/** Ownership, uncounted status, finalizers, then creates/deletes under a claim, then the counted status last. */
export async function applyJobPlan(ctx: RestContext, job: Job, plan: JobPlan): Promise<ReconcileResult> {
  for (const pod of [...plan.adopt, ...plan.release]) await update(ctx, R.pods, pod);
  let current = job;
  if (plan.interim) current = (await update(ctx, R.jobs, { ...current, status: plan.interim }, 'status')) as Job;
  const removed = await Promise.allSettled(plan.removeFinalizers.map((p) => removeFinalizer(ctx, p)));
  const failure = removed.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  // Counts move only once every recorded pod has lost its finalizer; otherwise the next pass finishes.
  if (failure) throw failure.reason;
  let requeue = plan.requeueAfterSeconds;
  if (plan.create.length > 0 || plan.delete.length > 0) {
    const outcome = await managePods(ctx, current, plan);
    if (!outcome) return { requeueAfterSeconds: 1 };
    current = outcome.current;
    if (outcome.retryAfterSeconds !== undefined) requeue = outcome.retryAfterSeconds;
  } else if (plan.clearExpectations) {
    current = (await update(ctx, R.jobs, withExpectations(current, undefined))) as Job;
  }
  if (plan.status) await update(ctx, R.jobs, { ...current, status: plan.status }, 'status');
  for (const e of plan.events) await recordEvent(ctx, job, e.type, e.reason, e.message, COMPONENT);
  return requeue === undefined ? {} : { requeueAfterSeconds: requeue };
}

/** Claims the pods to create and delete (see workloads/expectations.ts), makes the changes, clears the claim. */
async function managePods(ctx: RestContext, job: Job, plan: JobPlan): Promise<{ current: Job; retryAfterSeconds?: number } | undefined> {
  const named = plan.create.map((c) => ({ ...c, pod: plan.template(c.index, c.failures) }));
  for (const n of named) n.pod.metadata!.name = generateName(String(n.pod.metadata?.generateName));
  const claim: Expectations = { add: named.map((n) => String(n.pod.metadata?.name)), del: plan.delete.map((p) => String(p.metadata?.name)), at: nowTimestamp(), ttl: claimLifetimeSeconds(named.length + plan.delete.length) };
  let current: Job;
  try {
    current = (await update(ctx, R.jobs, withExpectations(job, claim))) as Job;
  } catch (err) {
    if (err instanceof ConflictError) return undefined;
    throw err;
  }
  const failed: string[] = [];
  let error: Error | undefined;
  await Promise.all(
    named.map(async ({ pod }) => {
      try {
        if (await create(ctx, R.pods, job.metadata?.namespace, pod)) await recordEvent(ctx, job, 'Normal', 'SuccessfulCreate', `Created pod: ${String(pod.metadata?.name)}`, COMPONENT);
      } catch (err) {
        failed.push(String(pod.metadata?.name));
        error ??= err as Error;
      }
    }),
  );
  if (error) await recordEvent(ctx, job, 'Warning', 'FailedCreate', `Error creating: ${error.message}`, COMPONENT);
  await Promise.all(
    plan.delete.map(async (pod) => {
      await remove(ctx, R.pods, pod);
      await recordEvent(ctx, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${String(pod.metadata?.name)}`, COMPONENT);
    }),
  );
  const after: Expectations | undefined = error ? { add: failed, del: [], at: nowTimestamp(), ttl: failureBackoffSeconds(1), fails: 1 } : undefined;
  try {
    current = (await update(ctx, R.jobs, withExpectations(current, after))) as Job;
  } catch (err) {
    if (err instanceof ConflictError) return undefined;
    throw err;
  }
  return { current, retryAfterSeconds: after?.ttl };
}

/** Drops the tracking finalizer from the pod as stored now (re-read on conflict); gone or replaced is fine. */
async function removeFinalizer(ctx: RestContext, pod: Pod): Promise<void> {
  const meta = pod.metadata ?? {};
  try {
    await updateObject(ctx, R.pods, meta.namespace, String(meta.name), undefined, (current) => {
      if (current.metadata.uid !== meta.uid) return current;
      const finalizers = ((current.metadata.finalizers as string[] | undefined) ?? []).filter((f) => f !== TRACKING_FINALIZER);
      const next = structuredClone(current);
      if (finalizers.length) next.metadata.finalizers = finalizers;
      else delete next.metadata.finalizers;
      return next;
    }, systemWrite(ctx));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
