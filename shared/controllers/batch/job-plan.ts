import type { Job, JobStatus, Pod } from '../../api/types';
import { sameJson } from '../../api/patch/json';
import { nowTimestamp } from '../../registry/time';
import type { PlannedEvent } from '../events';
import { claim, newControllerRef } from '../workloads/controller-ref';
import { expectationState, readExpectations } from '../workloads/expectations';
import { isPodReady } from '../workloads/pod-state';
import { podsToDelete } from '../workloads/replicaset-plan';
import { countFinished } from './job-counting';
import { isFinishedStatus, isTrue, REASONS, Verdict, withCondition } from './job-conditions';
import { finishedAt, hasTracking, indexFailureCount, indexOf, isFinished, podFailureBackoffSeconds, podForJob, restarts } from './job-pods';
import { successPolicyVerdict } from './success-policy';

export interface JobObserved {
  job: Job;
  /** Every pod in the Job's namespace, read after the Job. */
  pods: Pod[];
  now: Date;
}

export interface JobPlan {
  adopt: Pod[];
  release: Pod[];
  /** Status with newly finished pods recorded as uncounted, written before their finalizers go. */
  interim?: JobStatus;
  removeFinalizers: Pod[];
  /** Pods to create: their completion index (undefined for NonIndexed) and index failure count. */
  create: { index?: number; failures: number }[];
  template: (index: number | undefined, failures: number) => Pod;
  delete: Pod[];
  clearExpectations: boolean;
  /** The status to write last, when it differs from the stored one. */
  status?: JobStatus;
  events: PlannedEvent[];
  requeueAfterSeconds?: number;
}

/**
 * Upstream's syncJob as a pure function: count finished pods (uncounted, then counted), decide
 * whether the Job succeeded, failed or is suspended, then create or delete pods to reach
 * min(parallelism, remaining completions), waiting out the pod failure backoff.
 */
export function planJob({ job, pods, now }: JobObserved): JobPlan {
  const spec = job.spec ?? { template: {} };
  const at = nowTimestamp(now);
  const claimed = claim(job, spec.selector, pods, newControllerRef(job, 'batch/v1', 'Job'));
  const owned = claimed.owned;
  const plan: JobPlan = {
    adopt: claimed.adopt,
    release: claimed.release,
    removeFinalizers: [],
    create: [],
    template: (index, failures) => podForJob(job, index, failures),
    delete: [],
    clearExpectations: false,
    events: [],
  };
  if (job.metadata?.deletionTimestamp) {
    // A Job being deleted lets go of its pods so the garbage collector can remove them.
    plan.removeFinalizers = owned.filter(hasTracking);
    return plan;
  }
  const counting = countFinished(job, owned);
  if (!sameJson(counting.interim.uncountedTerminatedPods, job.status?.uncountedTerminatedPods ?? {}) && counting.removeFinalizers.length) plan.interim = counting.interim;
  plan.removeFinalizers = counting.removeFinalizers;
  let status: JobStatus = counting.counted;
  const active = owned.filter((p) => !isFinished(p) && !p.metadata?.deletionTimestamp);
  const terminating = owned.filter((p) => !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  let requeue: number | undefined;
  const finished = isFinishedStatus(job.status);

  if (finished) {
    plan.delete = active;
  } else if (spec.suspend) {
    plan.delete = active;
    if (!isTrue(status, 'Suspended')) {
      status = withCondition(status, 'Suspended', 'True', REASONS.suspended, at);
      delete status.startTime;
      plan.events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    }
  } else {
    if (isTrue(status, 'Suspended')) {
      status = withCondition(status, 'Suspended', 'False', REASONS.resumed, at);
      plan.events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    }
    status.startTime ??= at;
    const verdict = decide(job, status, counting, active, now);
    if (verdict.fail && !isTrue(status, 'FailureTarget') && !isTrue(status, 'SuccessCriteriaMet')) status = withCondition(status, 'FailureTarget', 'True', verdict.fail, at);
    if (verdict.succeed && !isTrue(status, 'FailureTarget') && !isTrue(status, 'SuccessCriteriaMet')) status = withCondition(status, 'SuccessCriteriaMet', 'True', verdict.succeed, at);
    const ending = isTrue(status, 'FailureTarget') ? 'Failed' : isTrue(status, 'SuccessCriteriaMet') ? 'Complete' : undefined;
    if (ending) {
      plan.delete = active;
      // The terminal condition waits until no pod of the Job is left running or stopping.
      if (active.length === 0 && terminating.length === 0) status = finish(status, ending, at, plan);
    } else {
      const expectations = readExpectations(job);
      const state = expectationState(expectations, pods, now);
      if (!state.satisfied) requeue = state.retryAfterSeconds;
      else {
        const manage = manageActive(job, owned, active, counting.completedIndexes, counting.failedIndexes, status, now);
        plan.create = manage.create;
        plan.delete = manage.delete;
        requeue = manage.requeueAfterSeconds;
        plan.clearExpectations = expectations !== undefined && plan.create.length === 0 && plan.delete.length === 0;
      }
      requeue = minDefined(requeue, verdict.deadlineInSeconds);
    }
  }
  // As upstream, active counts the pods this pass creates and leaves out those it deletes.
  status.active = Math.max(0, active.length - plan.delete.length) + plan.create.length;
  status.ready = active.filter(isPodReady).length;
  status.terminating = terminating.length;
  if (!status.active) delete status.active;
  if (!sameJson(status, job.status)) plan.status = status;
  if (requeue !== undefined) plan.requeueAfterSeconds = requeue;
  return plan;
}

function finish(status: JobStatus, ending: 'Failed' | 'Complete', at: string, plan: JobPlan): JobStatus {
  const target = (status.conditions ?? []).find((c) => c.type === (ending === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet'));
  const verdict: Verdict = { reason: target?.reason ?? '', message: target?.message ?? '' };
  const next = withCondition(status, ending, 'True', verdict, at);
  if (ending === 'Complete') {
    next.completionTime = at;
    plan.events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  } else {
    plan.events.push({ type: 'Warning', reason: verdict.reason, message: verdict.message });
  }
  return next;
}

interface Decision {
  fail?: Verdict;
  succeed?: Verdict;
  deadlineInSeconds?: number;
}

/** Whether the Job has failed (policy, backoff limit, failed indexes, deadline) or succeeded. */
function decide(job: Job, status: JobStatus, counting: ReturnType<typeof countFinished>, active: Pod[], now: Date): Decision {
  const spec = job.spec ?? { template: {} };
  const failJob = counting.newFailures.find((f) => f.match.action === 'FailJob');
  if (failJob) return { fail: { reason: 'PodFailurePolicy', message: failJob.match.message ?? '' } };
  const backoffLimit = spec.backoffLimit ?? 6;
  const onFailure = spec.template?.spec?.restartPolicy === 'OnFailure';
  const perIndex = spec.backoffLimitPerIndex !== undefined;
  if (!perIndex && ((status.failed ?? 0) > backoffLimit || (onFailure && backoffLimit >= 0 && active.reduce((n, p) => n + restarts(p), 0) > backoffLimit))) {
    return { fail: REASONS.backoffLimit };
  }
  if (perIndex && spec.maxFailedIndexes !== undefined && counting.failedIndexes.size > spec.maxFailedIndexes) return { fail: REASONS.maxFailedIndexes };
  const deadline = spec.activeDeadlineSeconds;
  let deadlineInSeconds: number | undefined;
  if (deadline !== undefined && status.startTime) {
    const left = Date.parse(status.startTime) + deadline * 1000 - now.getTime();
    if (left <= 0) return { fail: REASONS.deadline };
    deadlineInSeconds = Math.ceil(left / 1000);
  }
  const policy = successPolicyVerdict(job, counting.completedIndexes);
  if (policy) return { succeed: policy };
  if (spec.completionMode === 'Indexed') {
    const completions = spec.completions ?? 0;
    if (counting.completedIndexes.size >= completions) return { succeed: REASONS.completionsReached };
    if (counting.failedIndexes.size > 0 && counting.completedIndexes.size + counting.failedIndexes.size >= completions) return { fail: REASONS.failedIndexes };
  } else if (spec.completions !== undefined) {
    if ((status.succeeded ?? 0) >= spec.completions) return { succeed: REASONS.completionsReached };
  } else if ((status.succeeded ?? 0) > 0 && active.length === 0) {
    return { succeed: REASONS.completionsReached };
  }
  return { deadlineInSeconds };
}

/** Pods to create or delete so that min(parallelism, what is left) run, after the failure backoff. */
function manageActive(job: Job, owned: Pod[], active: Pod[], completed: Set<number>, failedIdx: Set<number>, status: JobStatus, now: Date): { create: JobPlan['create']; delete: Pod[]; requeueAfterSeconds?: number } {
  const spec = job.spec ?? { template: {} };
  const parallelism = spec.parallelism ?? 1;
  const out: { create: JobPlan['create']; delete: Pod[]; requeueAfterSeconds?: number } = { create: [], delete: [] };
  const wait = backoffWait(job, owned, status, now);
  if (spec.completionMode === 'Indexed') {
    const byIndex = new Map<number, Pod[]>();
    for (const p of active) {
      const i = indexOf(p);
      if (i === undefined || i >= (spec.completions ?? 0) || completed.has(i)) out.delete.push(p);
      else byIndex.set(i, [...(byIndex.get(i) ?? []), p]);
    }
    for (const dupes of byIndex.values()) out.delete.push(...dupes.slice(1));
    const running = byIndex.size;
    if (running > parallelism) out.delete.push(...podsToDelete([...byIndex.values()].map((d) => d[0]), running - parallelism));
    const room = parallelism - running;
    if (room <= 0) return out;
    if (wait > 0) return { ...out, requeueAfterSeconds: wait };
    for (let i = 0; i < (spec.completions ?? 0) && out.create.length < room; i++) {
      if (completed.has(i) || failedIdx.has(i) || byIndex.has(i)) continue;
      out.create.push({ index: i, failures: failuresOfIndex(owned, i) });
    }
    return out;
  }
  const succeeded = status.succeeded ?? 0;
  const want = spec.completions === undefined ? (succeeded > 0 ? 0 : parallelism) : Math.max(0, Math.min(parallelism, spec.completions - succeeded));
  const diff = want - active.length;
  if (diff < 0) out.delete = podsToDelete(active, -diff);
  if (diff > 0) {
    if (wait > 0) return { ...out, requeueAfterSeconds: wait };
    out.create = Array.from({ length: Math.min(diff, 500) }, () => ({ failures: 0 }));
  }
  return out;
}

/** Failures so far of one index: the highest count among its failed pods, plus one. */
function failuresOfIndex(owned: Pod[], index: number): number {
  const failed = owned.filter((p) => indexOf(p) === index && p.status?.phase === 'Failed');
  return failed.length ? Math.max(...failed.map(indexFailureCount)) + 1 : 0;
}

/** Seconds left of the pod failure backoff (restartPolicy Never: the kubelet does not restart them). */
function backoffWait(job: Job, owned: Pod[], status: JobStatus, now: Date): number {
  if (job.spec?.template?.spec?.restartPolicy !== 'Never') return 0;
  const failures = status.failed ?? 0;
  if (failures === 0) return 0;
  const last = Math.max(0, ...owned.filter((p) => p.status?.phase === 'Failed').map((p) => finishedAt(p) ?? 0));
  if (last === 0) return 0;
  const left = last + podFailureBackoffSeconds(failures) * 1000 - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

const minDefined = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
