import type { Job } from '../../api/types';
import type { KubeObject } from '../../registry/resource';
import type { WorkKey } from '../../runtime/work';
import { get, list, R, remove } from '../client';
import type { Controller } from '../controller';
import { objectsOf } from '../controller';

const NAME = 'ttl-after-finished';

const key = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'jobs.batch', namespace, name, controller: NAME });

/** When a finished Job with ttlSecondsAfterFinished may be deleted (ms since the epoch), or undefined. */
export function expiresAt(job: Job): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata?.deletionTimestamp) return undefined;
  const end = (job.status?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!end?.lastTransitionTime) return undefined;
  return Date.parse(end.lastTransitionTime) + ttl * 1000;
}

/** Upstream's TTL-after-finished controller: deletes finished Jobs (and, in the foreground, their pods) once their TTL passes. */
export const ttlAfterFinishedController: Controller = {
  name: NAME,
  filters: [objectsOf('jobs.batch')],
  route: (_record, k) => (k ? [key(k.namespace, k.name)] : []),
  async reconcile(ctx, k) {
    const job = (await get(ctx, R.jobs, k.namespace, k.name)) as Job | undefined;
    const at = job ? expiresAt(job) : undefined;
    if (!job || at === undefined) return {};
    const left = at - Date.now();
    if (left > 0) return { requeueAfterSeconds: Math.ceil(left / 1000) };
    await remove(ctx, R.jobs, job as KubeObject, { propagationPolicy: 'Foreground' });
    return {};
  },
  async resync(ctx) {
    return (await list(ctx, R.jobs)).filter((j) => j.spec && (j.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished !== undefined).map((j) => key(j.metadata.namespace, String(j.metadata.name)));
  },
};
