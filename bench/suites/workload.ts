import { AsyncLocalStorage } from 'node:async_hooks';
import { get, R } from '../../shared/controllers/client';
import { type CapacityTally, emptyTally } from '../../shared/storage/capacity';
import { dynamoClient } from '../../shared/storage/client';
import { type BenchCluster, benchCluster } from '../cluster';
import { countPods, RUNNING } from '../pod-count';
import { peakRss, round } from '../stats';

const deployment = (name: string, replicas: number) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  });

/** The benchmark's own polling: its reads are left out of the units it reports. */
const polling = new AsyncLocalStorage<boolean>();

async function until(probe: () => Promise<boolean>, ms: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await polling.run(true, probe)) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

type ItemUnits = Record<string, { calls: number; units: number }>;

const READ_CALLS = /^(GetItem|Query|Scan|BatchGetItem|TransactGetItems) /;

/** The reads (or writes) that cost the most units between two snapshots of a tally's byItems, largest first. */
function costliest(now: ItemUnits, before: ItemUnits, reads: boolean, n: number): { call: string; calls: number; units: number }[] {
  return Object.entries(now)
    .filter(([call]) => READ_CALLS.test(call) === reads)
    .map(([call, v]) => ({ call, calls: v.calls - (before[call]?.calls ?? 0), units: round(v.units - (before[call]?.units ?? 0)) }))
    .filter((r) => r.units > 0)
    .sort((a, b) => b.units - a.units)
    .slice(0, n);
}

/**
 * One bare pod's lifecycle over HTTP (create, schedule, run, delete): the units it took, the window's
 * seconds and its costliest calls (the benchmark's own polling is not counted).
 */
async function lifecycle(c: BenchCluster, tally: CapacityTally & { byItems: ItemUnits }, name: string) {
  const ctx = c.runner.context;
  const before = { read: c.tally.read, write: c.tally.write, at: performance.now(), items: structuredClone(tally.byItems) };
  const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'lifecycle' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
  await c.api.request('POST', '/api/v1/namespaces/default/pods', pod);
  await until(async () => (await get(ctx, R.pods, 'default', name))?.status?.phase === 'Running', 30_000);
  await c.api.request('DELETE', `/api/v1/namespaces/default/pods/${name}`);
  await until(async () => (await get(ctx, R.pods, 'default', name)) === undefined, 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  // The window also holds the cluster's background work (leases, resyncs) for its few seconds.
  return {
    units: { readUnits: round(c.tally.read - before.read), writeUnits: round(c.tally.write - before.write) },
    seconds: (performance.now() - before.at) / 1000,
    costliestReads: costliest(tally.byItems, before.items, true, 12),
    costliestWrites: costliest(tally.byItems, before.items, false, 8),
  };
}

/**
 * Workloads on simulated nodes: a Deployment of 100 replicas from the create to every pod Running,
 * and the DynamoDB units one pod's lifecycle (create, schedule, run, delete) consumes in all, beside
 * it the cluster's background work of as long (leases, node status, resyncs) at the idle rate
 * measured next in the same run, and the calls that cost the most. The benchmark's own polling is
 * not counted.
 */
export async function workloadSuite(quick: boolean) {
  const replicas = quick ? 10 : 100;
  const tally = { ...emptyTally(), byItems: {}, ignore: () => polling.getStore() === true };
  const c = await benchCluster({ nodes: quick ? 3 : 10 }, {}, tally);
  try {
    const ctx = c.runner.context;
    // The Deployment's pods are the cluster's only pods: DynamoDB counts the Running ones (one COUNT
    // query), where a list of every pod each poll would load the runner being measured.
    const raw = dynamoClient(c.dynamo.endpoint);
    const t0 = performance.now();
    const res = await c.api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', replicas));
    if (res.status !== 201) throw new Error(`deployment create failed: ${res.body}`);
    const done = await until(async () => (await countPods(raw, ctx.store.tableName, RUNNING)) >= replicas, quick ? 60_000 : 120_000);
    const secondsToAllRunning = round((performance.now() - t0) / 1000);

    await new Promise((r) => setTimeout(r, 1000));
    // Two lifecycles one after the other: the first meets caches a pod's removal fills (the garbage
    // collector's, which no removal in the rollout filled), the second the cluster as it runs on.
    const [first, second] = [await lifecycle(c, tally, 'lifecycle'), await lifecycle(c, tally, 'lifecycle-2')];
    // An idle minute with nodes: lease renewals, node status, resyncs (no API calls, no watchers).
    const windowMs = quick ? 5_000 : 60_000;
    const idleStart = { read: c.tally.read, write: c.tally.write };
    await new Promise((r) => setTimeout(r, windowMs));
    const idleWithNodesPerMinute = {
      nodes: quick ? 3 : 10,
      readUnits: round(((c.tally.read - idleStart.read) * 60_000) / windowMs),
      writeUnits: round(((c.tally.write - idleStart.write) * 60_000) / windowMs),
    };
    const background = (seconds: number) => ({
      seconds: round(seconds),
      readUnits: round((idleWithNodesPerMinute.readUnits * seconds) / 60),
      writeUnits: round((idleWithNodesPerMinute.writeUnits * seconds) / 60),
    });
    return {
      replicas,
      allRunning: done,
      secondsToAllRunning,
      podLifecycle: first.units,
      secondPodLifecycle: second.units,
      backgroundOfAsLong: background(first.seconds),
      backgroundOfAsLongAsTheSecond: background(second.seconds),
      costliestReads: first.costliestReads,
      costliestWrites: first.costliestWrites,
      secondCostliestReads: second.costliestReads,
      idleWithNodesPerMinute,
    };
  } finally {
    await c.stop();
  }
}

/** `--nodes 1000` and 5,000 pods: time to all Running and the runner's peak memory. */
export async function scaleSuite(quick: boolean) {
  const nodes = quick ? 20 : Number(process.env.SKIFF_BENCH_SCALE_NODES ?? 1000);
  const pods = quick ? 100 : Number(process.env.SKIFF_BENCH_SCALE_PODS ?? 5000);
  const t0 = performance.now();
  const tally = { ...emptyTally(), byItems: {} as ItemUnits };
  const c = await benchCluster({ nodes }, {}, tally);
  const rss = peakRss();
  try {
    const nodesReady = round((performance.now() - t0) / 1000);
    const ctx = c.runner.context;
    const replicasPerDeployment = quick ? 50 : Math.min(500, pods);
    const before = structuredClone(tally.byItems);
    const t1 = performance.now();
    for (let i = 0; i < pods / replicasPerDeployment; i++) {
      await c.api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment(`scale-${i}`, replicasPerDeployment));
    }
    // Counted by DynamoDB (one COUNT query): a list of every pod each poll would load the runner it measures.
    const raw = dynamoClient(c.dynamo.endpoint);
    const ok = await until(async () => (await countPods(raw, ctx.store.tableName, RUNNING)) >= pods, quick ? 120_000 : 900_000, 500);
    const secondsToAllRunning = round((performance.now() - t1) / 1000);
    // DynamoDB calls per pod, from the first Deployment's create to the last pod Running (nodes' heartbeats included).
    const calls = Object.entries(tally.byItems).map(([call, v]) => ({ call, perPod: round((v.calls - (before[call]?.calls ?? 0)) / pods) }));
    const callsPerPod = round(calls.reduce((sum, r) => sum + r.perPod, 0));
    const mostCalled = calls.filter((r) => r.perPod > 0).sort((a, b) => b.perPod - a.perPod).slice(0, 10);
    return { nodes, pods, allRunning: ok, secondsToRegisterNodes: nodesReady, secondsToAllRunning, podsRunningPerSecond: round(pods / secondsToAllRunning), peakRssMiB: rss.stop(), callsPerPod, mostCalled };
  } finally {
    rss.stop();
    await c.stop();
  }
}
