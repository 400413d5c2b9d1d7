import type { CronJob, Job } from '../../api/types';
import { ConflictError } from '../../api/errors';
import type { RestContext } from '../../registry/context';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, update } from '../client';
import type { Controller } from '../controller';
import { recordEvent } from '../events';
import { controllerOwners, objectsOfAny } from '../workloads/routing';
import { planCronJob, refOf, sameCronStatus } from './cronjob-plan';

const NAME = 'cronjob';
const COMPONENT = 'cronjob-controller';

const cronKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'cronjobs.batch', namespace, name, controller: NAME });

/**
 * Upstream's CronJob controller. CronJob records and records of the Jobs it controls name the
 * CronJob; each reconcile asks to run again at the next schedule time (an SQS delay on AWS, a
 * timer locally), so a schedule fires on time without polling.
 */
export const cronJobController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['cronjobs.batch', 'jobs.batch'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'cronjobs.batch') return [cronKey(key.namespace, key.name)];
    return controllerOwners(record, 'batch', 'CronJob').names.map((n) => cronKey(key.namespace, n));
  },
  reconcile: (ctx, key) => syncCronJob(ctx, String(key.namespace), key.name),
  async resync(ctx) {
    return (await list(ctx, R.cronjobs)).map((c) => cronKey(c.metadata.namespace, String(c.metadata.name)));
  },
};

export async function syncCronJob(ctx: RestContext, namespace: string, name: string, now = new Date()): Promise<ReconcileResult> {
  const cj = (await get(ctx, R.cronjobs, namespace, name)) as CronJob | undefined;
  if (!cj) return {};
  const jobs = (await list(ctx, R.jobs, namespace)) as Job[];
  const plan = planCronJob({ cj, jobs, now });
  for (const job of plan.delete) {
    await remove(ctx, R.jobs, job, { propagationPolicy: 'Background' });
    await recordEvent(ctx, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${String(job.metadata?.name)}`, COMPONENT);
  }
  const status = plan.status;
  if (plan.create) {
    const made = (await create(ctx, R.jobs, namespace, plan.create)) as Job | undefined;
    if (made) {
      status.active = [...(status.active ?? []), refOf(made)];
      await recordEvent(ctx, cj, 'Normal', 'SuccessfulCreate', `Created job ${String(made.metadata?.name)}`, COMPONENT);
    }
  }
  if (!sameCronStatus(status, cj.status)) {
    try {
      await update(ctx, R.cronjobs, { ...cj, status }, 'status');
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return { requeueAfterSeconds: 1 };
    }
  }
  for (const e of plan.events) await recordEvent(ctx, cj, e.type, e.reason, e.message, COMPONENT);
  return plan.requeueAfterSeconds === undefined ? {} : { requeueAfterSeconds: plan.requeueAfterSeconds };
}
