import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchCluster } from './cluster';
import { apiSuite } from './suites/api';
import { authzSuite } from './suites/authz';
import { capacitySuite } from './suites/capacity';
import { watchSuite } from './suites/watch';
import { crdSuite } from './suites/crd';
import { bundleSuite } from './suites/bundles';
import { costModel } from './suites/cost';
import { measureLeaseRenewal, measurePodLifecycle, runtimeCostModel } from './suites/runtime-cost';
import { controllerManager } from '../shared/controllers/manager';
import { standaloneSuites } from './suites/extra';
import { summary } from './report';

const SHARED = ['api', 'authz', 'watch', 'capacity', 'bundles', 'cost', 'crd'] as const;
const STANDALONE = ['scheduler', 'workload', 'scale', 'loadBalancers', 'ecs', 'batch'] as const;
const SUITES: readonly string[] = [...SHARED, ...STANDALONE];

const USAGE = `Usage: npx tsx bench/run.ts [--quick] [--suites a,b,...]

  --quick         every suite at a tiny size (CI runs this so the benchmarks never rot)
  --suites LIST   only these suites (default: all): ${SUITES.join(', ')}
                  (cost needs api and capacity, and runs them)
  --base REF      bundles: also bundle the tree of git ref REF and measure its cold starts
                  interleaved with this tree's, reporting both and the ratios new/base
                  (a base whose lock file differs gets its own npm ci, without install scripts)
  --functions LIST  bundles: only these functions (default: every functions/* entry)
  --help          this text

A full run writes bench/results/latest.json; a run of chosen suites writes
bench/results/<suites>.json, so it never overwrites the full run's results.`;

/** `npm run bench [-- --quick] [-- --suites api,bundles]`: the suites against the local runner; JSON + a markdown summary. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, suites: { type: 'string' }, base: { type: 'string' }, functions: { type: 'string' }, help: { type: 'boolean', default: false } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const quick = values.quick ?? false;
  const chosen = new Set(values.suites ? values.suites.split(',').map((s) => s.trim()) : SUITES);
  const unknown = [...chosen].filter((s) => !SUITES.includes(s));
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}; choose from ${SUITES.join(', ')}`);
  if (chosen.has('cost')) ['api', 'capacity'].forEach((s) => chosen.add(s));
  const outName = values.suites ? `${[...chosen].sort().join('-')}.json` : 'latest.json';
  process.env.SKIFF_LOG_LEVEL ??= 'warn';
  // A fresh DynamoDB Local is warmed before each suite's cluster starts (bench/warm-dynamo.ts); quick runs skip it.
  process.env.SKIFF_BENCH_WARM_SECONDS ??= quick ? '0' : '10';
  const started = Date.now();
  const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}/${process.arch}` };
  const results: Record<string, unknown> = { quick, machine, suites: [...chosen] };
  if (SHARED.some((s) => chosen.has(s))) {
    const c = await benchCluster();
    try {
      if (chosen.has('api')) results.api = await apiSuite(c, quick);
      if (chosen.has('authz')) results.authz = await authzSuite(c, quick);
      if (chosen.has('watch')) results.watch = await watchSuite(c, quick);
      if (chosen.has('crd')) results.crd = await crdSuite(c, quick);
      if (chosen.has('capacity')) results.capacity = await capacitySuite(c, quick);
      if (chosen.has('cost')) {
        const resync = await measureResync(c);
        const storedBytes = await c.runner.context.store.storedBytes();
        results.resync = resync;
        results.storedBytes = storedBytes;
      }
      if (chosen.has('bundles')) {
        results.bundles = await bundleSuite(
          { SKIFF_TABLE: c.runner.context.store.tableName, AWS_ENDPOINT_URL: c.dynamo.endpoint, SKIFF_BENCH_TOKEN: tokenOf(c.runner.kubeconfig), AWS_ACCESS_KEY_ID: 'skiff', AWS_SECRET_ACCESS_KEY: 'skiff' },
          quick,
          values.base,
          values.functions?.split(',').map((f) => f.trim()),
        );
      }
      if (chosen.has('cost')) {
        const capacity = results.capacity as Awaited<ReturnType<typeof capacitySuite>>;
        results.cost = costModel({ api: results.api as Awaited<ReturnType<typeof apiSuite>>, perVerb: capacity.perVerb, resync: results.resync as Awaited<ReturnType<typeof measureResync>>, storedBytes: results.storedBytes as number, idleWatcherReadUnitsPerMinute: capacity.idleWatcherPerMinute.readUnits });        results.runtimeCost = await measureRuntimeCost(results.resync as Awaited<ReturnType<typeof measureResync>>);
      }
    } finally {
      await c.stop();
    }
  }
  // Written before the suites that start clusters of their own, so a failure there keeps the rest.
  save(outName, results);
  Object.assign(results, await standaloneSuites(quick, new Set(STANDALONE.filter((s) => chosen.has(s)))));
  results.seconds = Math.round((Date.now() - started) / 1000);
  save(outName, results);
  console.log(summary(results));
}

function save(name: string, results: Record<string, unknown>): void {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `${JSON.stringify(results, null, 2)}\n`);
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

/**
 * The deployed runtime's cost lines: a Lease renewal and a pod's lifecycle measured on a cluster
 * of its own with one simulated node (the shared bench cluster has none, so no pod runs there).
 */
async function measureRuntimeCost(resync: Awaited<ReturnType<typeof measureResync>>) {
  const c = await benchCluster({ nodes: 1 });
  try {
    return runtimeCostModel({ resync, leaseRenewal: await measureLeaseRenewal(c), podLifecycle: await measurePodLifecycle(c) });
  } finally {
    await c.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
