import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { benchCluster } from './cluster';
import { apiSuite } from './suites/api';
import { capacitySuite } from './suites/capacity';
import { watchSuite } from './suites/watch';
import { bundleSuite } from './suites/bundles';
import { costModel } from './suites/cost';
import { measureLeaseRenewal, measurePodLifecycle, runtimeCostModel } from './suites/runtime-cost';
import { controllerManager } from '../shared/controllers/manager';
import { standaloneSuites } from './suites/extra';
import { costSummary, summary } from './report';

/** `npm run bench [-- --quick] [-- --only cost]`: every suite against the local runner (or the cost model alone); JSON + a markdown summary. */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  process.env.SKIFF_LOG_LEVEL ??= 'warn';
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'cost') return costOnly();
  const started = Date.now();
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}/${process.arch}` };
  const c = await benchCluster();
  let results: Record<string, unknown>;
  try {
    const api = await apiSuite(c, quick);
    const watch = await watchSuite(c, quick);
    const capacity = await capacitySuite(c, quick);
    const resync = await measureResync(c);
    const storedBytes = await tableBytes(c);
    const bundles = await bundleSuite(
      { SKIFF_TABLE: c.runner.context.store.tableName, AWS_ENDPOINT_URL: c.dynamo.endpoint, SKIFF_BENCH_TOKEN: tokenOf(c.runner.kubeconfig), AWS_ACCESS_KEY_ID: 'skiff', AWS_SECRET_ACCESS_KEY: 'skiff' },
      quick,
    );
    const cost = costModel({ api, perVerb: capacity.perVerb, resync, storedBytes, idleWatcherReadUnitsPerMinute: capacity.idleWatcherPerMinute.readUnits });
    const runtimeCost = runtimeCostModel({ resync, leaseRenewal: await measureLeaseRenewal(c), podLifecycle: await measurePodLifecycle(c) });
    results = { quick, machine, api, watch, capacity, resync, storedBytes, bundles, cost, runtimeCost };
  } finally {
    await c.stop();
  }
  // Written before the suites that start clusters of their own, so a failure there keeps the rest.
  save(results);
  Object.assign(results, await standaloneSuites(quick));
  results.seconds = Math.round((Date.now() - started) / 1000);
  save(results);
  console.log(summary(results));
}

/**
 * `npm run bench -- --only cost`: the measurements the cost model needs (API latencies and units per
 * verb, a resync, a Lease renewal, a pod lifecycle) on one small cluster, then both cost models.
 */
async function costOnly(): Promise<void> {
  const c = await benchCluster({ nodes: 1 });
  try {
    const api = await apiSuite(c, true);
    const capacity = await capacitySuite(c, true);
    const resync = await measureResync(c);
    const cost = costModel({ api, perVerb: capacity.perVerb, resync, storedBytes: await tableBytes(c), idleWatcherReadUnitsPerMinute: capacity.idleWatcherPerMinute.readUnits });
    const runtimeCost = runtimeCostModel({ resync, leaseRenewal: await measureLeaseRenewal(c), podLifecycle: await measurePodLifecycle(c) });
    console.log(costSummary({ cost, runtimeCost }));
  } finally {
    await c.stop();
  }
}

function save(results: Record<string, unknown>): void {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
}

function tokenOf(kubeconfig: string): string {
  return /token: (\S+)/.exec(fs.readFileSync(kubeconfig, 'utf8'))?.[1] ?? '';
}

/** One periodic resync of the controller-manager, with the units and time it takes. */
async function measureResync(c: Awaited<ReturnType<typeof benchCluster>>) {
  const consumer = controllerManager(c.runner.context);
  const before = { read: c.tally.read, write: c.tally.write };
  const t = performance.now();
  await consumer.handler({ source: 'skiff.work', keys: [], resync: true });
  return { readUnits: c.tally.read - before.read, writeUnits: c.tally.write - before.write, ms: performance.now() - t, consumers: 2 };
}

async function tableBytes(c: Awaited<ReturnType<typeof benchCluster>>): Promise<number> {
  let bytes = 0;
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await c.runner.context.store.client.send(new ScanCommand({ TableName: c.runner.context.store.tableName, ExclusiveStartKey: start }));
    for (const item of out.Items ?? []) bytes += JSON.stringify(item).length;
    start = out.LastEvaluatedKey;
  } while (start);
  return bytes;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
