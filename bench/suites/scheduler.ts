import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { create, list, R } from '../../shared/controllers/client';
import { benchFramework, syntheticNode, syntheticPod } from '../../shared/scheduler/bench';
import { BenchCluster } from '../cluster';
import { measure, round } from '../stats';

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/**
 * Scheduler throughput: the framework alone in memory, and end to end through the real store and
 * stream path in the local runner (pods created through the registry, bound by the scheduler
 * consumer fed by the DynamoDB Local stream), next to DynamoDB Local's raw conditional-write rate
 * measured in the same run.
 */
export async function schedulerSuite(c: BenchCluster, quick: boolean) {
  const nodes = quick ? 50 : 1000;
  // 5,000 pods is the figure, but the end-to-end run's memory grows until the process
  // runs out of heap (docs/performance.md); SKIFF_BENCH_PODS raises it for investigation.
  const pods = quick ? 200 : Number(process.env.SKIFF_BENCH_PODS ?? 1000);
  const framework = benchFramework(nodes, quick ? pods : 5000);
  const ctx = c.runner.context;
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'sched-bench' } }));
  await pool(Array.from({ length: nodes }, (_, i) => i), 16, (i) => {
    const n = syntheticNode(i);
    return create(ctx, R.nodes, undefined, { metadata: n.metadata, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True' }] } });
  });
  const rawWrites = await measure(quick ? 200 : 2000, 16, (i) =>
    ctx.store.client.send(
      new PutItemCommand({
        TableName: ctx.store.tableName,
        Item: { pk: { S: 'bench#raw' }, sk: { S: String(i) }, v: { N: '1' } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  const started = performance.now();
  let created = 0;
  const creating = pool(Array.from({ length: pods }, (_, i) => i), 16, async (i) => {
    const p = syntheticPod(i);
    await create(ctx, R.pods, 'sched-bench', { metadata: { name: String(p.metadata?.name) }, spec: p.spec });
    created++;
  });
  await creating;
  const createdAt = performance.now();
  let bound = 0;
  const deadline = Date.now() + (quick ? 60_000 : 600_000);
  while (Date.now() < deadline) {
    const all = await list(ctx, R.pods, 'sched-bench');
    bound = all.filter((p) => (p.spec as { nodeName?: string }).nodeName).length;
    if (bound >= pods) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const allBound = performance.now();
  return {
    nodes,
    pods,
    frameworkPodsPerSecond: framework.podsPerSecond,
    endToEnd: {
      created,
      bound,
      createPodsPerSecond: round(pods / ((createdAt - started) / 1000)),
      boundPodsPerSecond: round(bound / ((allBound - started) / 1000)),
      secondsFromFirstCreateToAllBound: round((allBound - started) / 1000),
    },
    rawConditionalWritesPerSecond: rawWrites.opsPerSecond,
  };
}
