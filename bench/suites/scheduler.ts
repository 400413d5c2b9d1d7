import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { create, R } from '../../shared/controllers/client';
import { benchFramework, syntheticNode, syntheticPod } from '../../shared/scheduler/bench';
import { forEachLimit } from '../../shared/concurrency';
import { dynamoClient } from '../../shared/storage/client';
import { benchCluster } from '../cluster';
import { BOUND, countPods } from '../pod-count';
import { measure, peakRss, round } from '../stats';

/**
 * Scheduler throughput, as scheduler_perf measures it: N nodes, P pending pods, the time until all
 * are bound. End to end means the real path in the local runner: the pods' stream records reach
 * the scheduler consumer through the poller, and each binding is a conditional transaction in
 * DynamoDB Local. The pods are created while the scheduler consumer is paused, so the figure is the
 * binding rate alone; the creation rate and DynamoDB Local's raw conditional-write rate, measured in
 * the same run, stand beside it. The framework alone runs in memory on the same node/pod shapes.
 *
 * The nodes are bare Node objects with no kubelet behind them, so the node lifecycle controller's
 * grace period is set past the run: they stay Ready.
 */
export async function schedulerSuite(quick: boolean) {
  const nodes = quick ? 50 : Number(process.env.SKIFF_BENCH_NODES ?? 1000);
  const pods = quick ? 200 : Number(process.env.SKIFF_BENCH_PODS ?? 5000);
  const framework = benchFramework(nodes, quick ? pods : 5000);
  const c = await benchCluster({ nodeMonitorGracePeriodSeconds: 3600 });
  const rss = peakRss();
  // The raw baseline and the bound-pod probe go to DynamoDB Local on a client of their own, beside the store's.
  const raw = dynamoClient(c.dynamo.endpoint);
  try {
    const ctx = c.runner.context;
    const table = ctx.store.tableName;
    await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'sched-bench' } }));
    await forEachLimit(Array.from({ length: nodes }, (_, i) => i), 16, async (i) => {
      const n = syntheticNode(i);
      await create(ctx, R.nodes, undefined, { metadata: n.metadata, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True' }] } });
    });
    const rawWrites = await measure(quick ? 200 : 2000, 16, (i) =>
      raw.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: 'bench#raw' }, sk: { S: String(i) }, v: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    c.runner.consumers.pause('scheduler');
    const createStart = performance.now();
    await forEachLimit(Array.from({ length: pods }, (_, i) => i), 16, async (i) => {
      const p = syntheticPod(i);
      await create(ctx, R.pods, 'sched-bench', { metadata: { name: String(p.metadata?.name) }, spec: p.spec });
    });
    const createSeconds = (performance.now() - createStart) / 1000;
    // Let the controller-manager's share of the creations drain, so it does not compete with the binding.
    await new Promise((r) => setTimeout(r, quick ? 500 : 5000));
    const started = performance.now();
    c.runner.consumers.resume('scheduler');
    let bound = 0;
    const deadline = Date.now() + (quick ? 60_000 : 600_000);
    while (Date.now() < deadline && (bound = await countPods(raw, table, BOUND)) < pods) await new Promise((r) => setTimeout(r, 100));
    const seconds = (performance.now() - started) / 1000;
    return {
      nodes,
      pods,
      frameworkPodsPerSecond: framework.podsPerSecond,
      endToEnd: {
        bound,
        boundPodsPerSecond: round(bound / seconds),
        secondsToBindAll: round(seconds),
        createPodsPerSecond: round(pods / createSeconds),
      },
      rawConditionalWritesPerSecond: rawWrites.opsPerSecond,
      peakRssMiB: rss.stop(),
    };
  } finally {
    rss.stop();
    raw.destroy();
    await c.stop();
  }
}
