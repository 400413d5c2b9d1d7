import type { CronJob, CronJobStatus, Job, ObjectReference } from '../../api/types';
import { sameJson } from '../../api/patch/json';
import { parseSchedule } from '../../api/schedule';
import type { PlannedEvent } from '../events';
import { controllerRefOf, newControllerRef } from '../workloads/controller-ref';
import { isFinishedStatus, isTrue } from './job-conditions';

export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** Upstream gives up counting missed start times past this many and warns. */
const MAX_MISSED = 100;

export interface CronJobObserved {
  cj: CronJob;
  /** Every Job in the CronJob's namespace. */
  jobs: Job[];
  now: Date;
}

export interface CronJobPlan {
  /** The Job to create for the schedule time that is due, if one is. */
  create?: Job;
  /** Jobs to delete: finished ones past the history limits, and active ones under Replace. */
  delete: Job[];
  /** The status to write (before the new Job's reference is added), when it changed. */
  status: CronJobStatus;
  events: PlannedEvent[];
  requeueAfterSeconds?: number;
}

/**
 * Upstream's CronJob controller (v2, pkg/controller/cronjob/cronjob_controllerv2.go) as a pure
 * function: reconcile status.active with the Jobs that exist, trim finished Jobs to the history
 * limits, and create the Job of the most recent schedule time not yet run, honouring suspend,
 * startingDeadlineSeconds and concurrencyPolicy. Requeues at the next schedule time.
 */
export function planCronJob({ cj, jobs, now }: CronJobObserved): CronJobPlan {
  const spec = cj.spec;
  const status: CronJobStatus = structuredClone(cj.status ?? {});
  const plan: CronJobPlan = { delete: [], status, events: [] };
  const owned = jobs.filter((j) => controllerRefOf(j)?.uid === cj.metadata?.uid);
  const active = owned.filter((j) => !isFinishedStatus(j.status) && !j.metadata?.deletionTimestamp);
  syncActive(status, owned, active, plan);
  trimHistory(cj, owned, plan);
  if (!spec || cj.metadata?.deletionTimestamp) return plan;
  let schedule;
  try {
    schedule = parseSchedule(spec.schedule, spec.timeZone);
  } catch (err) {
    plan.events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}` });
    return plan;
  }
  const nextIn = (): number => Math.max(1, Math.ceil((schedule.next(now).getTime() - now.getTime()) / 1000));
  plan.requeueAfterSeconds = nextIn();
  if (spec.suspend) return plan;
  const due = mostRecentTime(schedule, cj, now);
  if (due.missed > MAX_MISSED) {
    plan.events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew' });
  }
  const t = due.time;
  if (!t) return plan;
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && t.getTime() + deadline * 1000 < now.getTime()) {
    plan.events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(t)}` });
    return plan;
  }
  const name = jobName(cj, t);
  if (owned.some((j) => j.metadata?.name === name)) return plan;
  if (spec.concurrencyPolicy === 'Forbid' && active.length > 0) {
    plan.events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return plan;
  }
  if (spec.concurrencyPolicy === 'Replace') {
    plan.delete.push(...active);
    status.active = (status.active ?? []).filter((ref) => !active.some((j) => j.metadata?.uid === ref.uid));
  }
  plan.create = jobFromTemplate(cj, name, t);
  status.lastScheduleTime = t.toISOString().replace('.000Z', 'Z');
  return plan;
}

/** Go's time.RFC1123Z in UTC, as upstream formats the missed time: `Sun, 01 Mar 2026 10:00:00 +0000`. */
export function rfc1123z(t: Date): string {
  const [day, date, month, year, time] = t.toUTCString().replace(',', '').split(' ');
  return `${day}, ${date} ${month} ${year} ${time} +0000`;
}

/** `<cronjob>-<minutes since the epoch>`: one name per schedule time, so a replay never runs it twice. */
export function jobName(cj: CronJob, scheduled: Date): string {
  return `${String(cj.metadata?.name)}-${Math.floor(scheduled.getTime() / 60000)}`;
}

export function jobFromTemplate(cj: CronJob, name: string, scheduled: Date): Job {
  const template = cj.spec?.jobTemplate ?? {};
  const meta = template.metadata ?? {};
  return {
    metadata: {
      name,
      namespace: cj.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}), [SCHEDULED_TIMESTAMP]: scheduled.toISOString().replace('.000Z', 'Z') },
      ownerReferences: [newControllerRef(cj, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(template.spec) ?? { template: {} },
  };
}

/** The latest schedule time in (last run or creation, now], and how many were passed over. */
function mostRecentTime(schedule: ReturnType<typeof parseSchedule>, cj: CronJob, now: Date): { time?: Date; missed: number } {
  const last = cj.status?.lastScheduleTime ?? cj.metadata?.creationTimestamp;
  let from = last ? new Date(Date.parse(last)) : now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined) from = new Date(Math.max(from.getTime(), now.getTime() - deadline * 1000));
  let time: Date | undefined;
  let missed = 0;
  for (let t = schedule.next(from); t.getTime() <= now.getTime(); t = schedule.next(t)) {
    time = t;
    if (++missed > MAX_MISSED * 10) break;
  }
  return { time, missed };
}

/** status.active keeps the Jobs still running; finished ones are reported once and leave it. */
function syncActive(status: CronJobStatus, owned: Job[], active: Job[], plan: CronJobPlan): void {
  const refs: ObjectReference[] = [];
  for (const ref of status.active ?? []) {
    const job = owned.find((j) => j.metadata?.uid === ref.uid);
    if (job && active.includes(job)) refs.push(ref);
    else if (job && isFinishedStatus(job.status)) {
      const kind = isTrue(job.status ?? {}, 'Complete') ? 'Complete' : 'Failed';
      plan.events.push({ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${String(job.metadata?.name)}, condition: ${kind}` });
    }
  }
  for (const job of active) if (!refs.some((r) => r.uid === job.metadata?.uid)) refs.push(refOf(job));
  if (refs.length) status.active = refs;
  else delete status.active;
  for (const job of owned) {
    const done = job.status?.completionTime;
    if (done && isTrue(job.status ?? {}, 'Complete') && (!status.lastSuccessfulTime || Date.parse(done) > Date.parse(status.lastSuccessfulTime))) status.lastSuccessfulTime = done;
  }
}

export function refOf(job: Job): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata?.name, namespace: job.metadata?.namespace, uid: job.metadata?.uid, resourceVersion: job.metadata?.resourceVersion };
}

/** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit. */
function trimHistory(cj: CronJob, owned: Job[], plan: CronJobPlan): void {
  const byStart = (a: Job, b: Job) => started(a) - started(b);
  const done = owned.filter((j) => isFinishedStatus(j.status) && !j.metadata?.deletionTimestamp);
  const ok = done.filter((j) => isTrue(j.status ?? {}, 'Complete')).sort(byStart);
  const failed = done.filter((j) => !isTrue(j.status ?? {}, 'Complete')).sort(byStart);
  const keep = (list: Job[], limit: number | undefined) => list.slice(0, Math.max(0, list.length - (limit ?? list.length)));
  plan.delete.push(...keep(ok, cj.spec?.successfulJobsHistoryLimit), ...keep(failed, cj.spec?.failedJobsHistoryLimit));
}

const started = (j: Job) => Date.parse(j.status?.startTime ?? j.metadata?.creationTimestamp ?? '') || 0;

export const sameCronStatus = (a: CronJobStatus, b: CronJobStatus | undefined) => sameJson(a, b ?? {});
