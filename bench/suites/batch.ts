import type { CronJob, Job } from '../../shared/api/types';
import { syncCronJob } from '../../shared/controllers/batch/cronjob';
import { get, R } from '../../shared/controllers/client';
import { syncHpa } from '../../shared/controllers/podautoscaler/hpa';
import { benchCluster, type BenchCluster } from '../cluster';
import { round } from '../stats';

/** Units and handler time of one reconcile, averaged over `n` runs. */
export interface WakeCost {
  readUnits: number;
  writeUnits: number;
  ms: number;
}

async function until(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function measure(c: BenchCluster, n: number, run: (i: number) => Promise<unknown>): Promise<WakeCost> {
  const before = { read: c.tally.read, write: c.tally.write };
  const t = performance.now();
  for (let i = 0; i < n; i++) await run(i);
  return { readUnits: round((c.tally.read - before.read) / n), writeUnits: round((c.tally.write - before.write) / n), ms: round((performance.now() - t) / n) };
}

const post = async (c: BenchCluster, path: string, body: object) => {
  const res = await c.api.request('POST', path, JSON.stringify(body));
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body}`);
};

/**
 * Batch and autoscaling on simulated nodes: a Job of 500 completions (quick: 50) from its create to
 * Complete, in pods completed per second; then the wake-ups that make the idle cost of a CronJob and
 * of an HPA on AWS: one CronJob reconcile with nothing due, one HPA sync that changes nothing.
 */
export async function batchSuite(quick: boolean) {
  const completions = quick ? 20 : 500;
  const parallelism = quick ? 10 : 50;
  const c = await benchCluster({ nodes: quick ? 3 : 10 });
  try {
    const ctx = c.runner.context;
    await post(c, '/apis/batch/v1/namespaces/default/cronjobs', {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    });
    await until(async () => ((await get(ctx, R.cronjobs, 'default', 'nightly')) as CronJob | undefined) !== undefined, 10_000);
    const cronJobWake = await measure(c, quick ? 5 : 20, () => syncCronJob(ctx, 'default', 'nightly'));

    await post(c, '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] } } },
    });
    await post(c, '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
    });
    await until(async () => (await c.api.request('GET', '/apis/apps/v1/namespaces/default/deployments/web')).body.includes('"readyReplicas":2'), 60_000);
    // Each run a sync period later than the last, so none is skipped as a duplicate.
    const start = Date.now() + 60_000;
    const hpaSync = await measure(c, quick ? 5 : 20, (i) => syncHpa(ctx, 'default', 'web', start + i * 15_000));
    // Measured first, on a quiet cluster: the tally counts every DynamoDB call, background work included.
    await c.api.request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
    const t0 = performance.now();
    await post(c, '/apis/batch/v1/namespaces/default/jobs', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'throughput' },
      spec: { completions, parallelism, backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'], resources: { requests: { cpu: '10m' } } }] } } },
    });
    const complete = await until(async () => {
      const job = (await get(ctx, R.jobs, 'default', 'throughput')) as Job | undefined;
      return (job?.status?.conditions ?? []).some((x) => x.type === 'Complete' && x.status === 'True');
    }, quick ? 300_000 : 1_800_000);
    const seconds = (performance.now() - t0) / 1000;
    const job = (await get(ctx, R.jobs, 'default', 'throughput')) as Job;

    return {
      job: { completions, parallelism, complete, succeeded: job.status?.succeeded ?? 0, seconds: round(seconds), podsCompletedPerSecond: round((job.status?.succeeded ?? 0) / seconds) },
      cronJobWake,
      hpaSync,
    };
  } finally {
    await c.stop();
  }
}
