import { AsyncLocalStorage } from 'node:async_hooks';
import type { InitializeMiddleware } from '@smithy/types';
import type { Pod } from '../../shared/api/types';
import { get, list, R } from '../../shared/controllers/client';
import type { EcsClients } from '../../shared/nodes/ecs/clients';
import type { CapacityTally } from '../../shared/storage/capacity';
import { startAwsEmulator } from '../../local/aws-emulator';
import { benchCluster, BenchCluster } from '../cluster';
import { PRICES, SECONDS_PER_MONTH } from '../prices';

/**
 * Who made a call: a pod's lifecycle (the default), the nodes' heartbeat, the provider's resync,
 * the local runner's task event poller (on AWS, EventBridge delivers events with no ECS call), or
 * the benchmark's own reads while it waits.
 */
type Bucket = 'pods' | 'heartbeat' | 'resync' | 'localEvents' | 'bench';
const BUCKETS: Bucket[] = ['pods', 'heartbeat', 'resync', 'localEvents', 'bench'];
const who = new AsyncLocalStorage<Bucket>();
const current = (): Bucket => who.getStore() ?? 'pods';

interface Usage {
  aws: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}
const emptyUsage = (): Usage => ({ aws: {}, readUnits: 0, writeUnits: 0 });

/** Every AWS call and DynamoDB unit of the runner, filed under the bucket of the work that made it. */
class Meter {
  readonly by = Object.fromEntries(BUCKETS.map((b) => [b, emptyUsage()])) as Record<Bucket, Usage>;
  private readonly ops = Object.fromEntries(BUCKETS.map((b) => [b, {}])) as Record<Bucket, CapacityTally['byOperation']>;

  /** A tally for countCapacity that adds into the current bucket. */
  tally(): CapacityTally {
    const usage = () => this.by[current()];
    const ops = () => this.ops[current()];
    return {
      get read() { return usage().readUnits; },
      set read(v: number) { usage().readUnits = v; },
      get write() { return usage().writeUnits; },
      set write(v: number) { usage().writeUnits = v; },
      get byOperation() { return ops(); },
    };
  }

  count(clients: EcsClients): void {
    const counter = <I extends object, O extends object>(service: string): InitializeMiddleware<I, O> => (next, context) => (args) => {
      const op = `${service}:${String(context.commandName).replace(/Command$/, '')}`;
      const aws = this.by[current()].aws;
      aws[op] = (aws[op] ?? 0) + 1;
      return next(args);
    };
    clients.ecs.middlewareStack.add(counter('ecs'), { step: 'initialize', name: 'benchCountCalls' });
    clients.secrets.middlewareStack.add(counter('secretsmanager'), { step: 'initialize', name: 'benchCountCalls' });
    clients.ec2.middlewareStack.add(counter('ec2'), { step: 'initialize', name: 'benchCountCalls' });
  }

  snapshot(bucket: Bucket): Usage {
    const u = this.by[bucket];
    return { aws: { ...u.aws }, readUnits: u.readUnits, writeUnits: u.writeUnits };
  }
}

function since(now: Usage, before: Usage, per = 1): Usage {
  const aws: Record<string, number> = {};
  for (const [op, n] of Object.entries(now.aws)) if (n - (before.aws[op] ?? 0) > 0) aws[op] = round((n - (before.aws[op] ?? 0)) / per);
  return { aws, readUnits: round((now.readUnits - before.readUnits) / per), writeUnits: round((now.writeUnits - before.writeUnits) / per) };
}
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await who.run('bench', cond))) {
    if (Date.now() > end) throw new Error(`ecs bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface EcsBench {
  notes: string[];
  barePod: { createAndBind: Usage; run: Usage; delete: Usage };
  deploymentPerPod: { pods: number; scaleUp: Usage; scaleDown: Usage };
  throughput: { pods: number; running: number; allRunning: boolean; seconds: number; podsPerSecond: number; runTaskCalls: number; tasksPerRunTask: number };
  heartbeat: { windowSeconds: number; nodes: number; perNodeMonth: { awsCalls: Record<string, number>; readUnits: number; writeUnits: number; usd: number } };
  resyncPerRun?: Usage;
}

/**
 * The ECS provider in the local runner's AWS mode against the emulator (`--provider ecs`): AWS
 * calls and DynamoDB units per pod lifecycle, pods started per second, and what the nodes'
 * heartbeat costs a month.
 */
export async function ecsSuite(quick: boolean): Promise<EcsBench> {
  const emulator = await startAwsEmulator();
  const meter = new Meter();
  let c: BenchCluster | undefined;
  try {
    await emulator.reset();
    c = await benchCluster({ provider: 'ecs', awsEndpoint: emulator.endpoint, ecsCluster: 'bench', subnets: [], securityGroups: [] }, { ecsClients: (clients) => meter.count(clients) }, meter.tally());
    const started = Date.now();
    const ecs = c.runner.ecs;
    if (!ecs) throw new Error('ecs bench: the runner started without the ECS provider');
    const { nodes, events } = ecs;
    let resyncs = 0;
    const [heartbeat, resync, poll] = [nodes.heartbeat.bind(nodes), nodes.resync.bind(nodes), events.poll.bind(events)];
    nodes.heartbeat = () => who.run('heartbeat', heartbeat);
    nodes.resync = () => who.run('resync', () => (resyncs++, resync()));
    events.poll = () => who.run('localEvents', poll);
    const heartbeatStart = meter.snapshot('heartbeat');
    const ctx = c.runner.context;
    const api = c.api;
    const podOf = (name: string) => get(ctx, R.pods, 'default', name) as Promise<Pod | undefined>;
    const pods = async (app: string) => ((await list(ctx, R.pods, 'default')) as Pod[]).filter((p) => p.metadata?.labels?.app === app);

    // One bare pod: create (API) and bind (scheduler), run (the provider's start), delete.
    const t0 = meter.snapshot('pods');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'life', labels: { app: 'life' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
    const created = await who.run('bench', () => api.request('POST', '/api/v1/namespaces/default/pods', JSON.stringify(pod)));
    if (created.status !== 201) throw new Error(`ecs bench: pod create ${created.status} ${created.body}`);
    await until('the pod bound', async () => !!(await podOf('life'))?.spec?.nodeName);
    const t1 = meter.snapshot('pods');
    await until('the pod Running', async () => (await podOf('life'))?.status?.phase === 'Running');
    const t2 = meter.snapshot('pods');
    await who.run('bench', () => api.request('DELETE', '/api/v1/namespaces/default/pods/life'));
    await until('the pod gone', async () => !(await podOf('life')));
    const t3 = meter.snapshot('pods');
    const barePod = { createAndBind: since(t1, t0), run: since(t2, t1), delete: since(t3, t2) };

    // A Deployment's pods, scaled 0 -> n -> 0 (template registered once, starts batched).
    const n = quick ? 4 : 10;
    const deployment = (name: string, replicas: number) =>
      JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } } });
    const scale = (name: string, replicas: number) =>
      who.run('bench', () => api.request('PATCH', `/apis/apps/v1/namespaces/default/deployments/${name}/scale`, JSON.stringify({ spec: { replicas } }), { 'content-type': 'application/merge-patch+json' }));
    await who.run('bench', () => api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web', 0)));
    const d0 = meter.snapshot('pods');
    await scale('web', n);
    await until('the Deployment Running', async () => (await pods('web')).filter((p) => p.status?.phase === 'Running').length === n);
    const d1 = meter.snapshot('pods');
    await scale('web', 0);
    await until('the Deployment scaled down', async () => (await pods('web')).length === 0);
    const d2 = meter.snapshot('pods');
    const deploymentPerPod = { pods: n, scaleUp: since(d1, d0, n), scaleDown: since(d2, d1, n) };

    // Pods started per second through the emulator.
    const load = quick ? 30 : 500;
    const runsBefore = meter.snapshot('pods').aws['ecs:RunTask'] ?? 0;
    const l0 = performance.now();
    await who.run('bench', () => api.request('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('load', load)));
    // Capped, so a slow machine reports how far it got rather than nothing.
    const capMs = (quick ? 300 : 480) * 1000;
    let running = 0;
    while (running < load && performance.now() - l0 < capMs) {
      running = await who.run('bench', async () => (await pods('load')).filter((p) => p.status?.phase === 'Running').length);
      if (running < load) await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - l0) / 1000;
    const runTaskCalls = (meter.snapshot('pods').aws['ecs:RunTask'] ?? 0) - runsBefore;
    const throughput = { pods: load, running, allRunning: running === load, seconds: round(seconds, 1), podsPerSecond: round(running / seconds), runTaskCalls, tasksPerRunTask: round(running / Math.max(1, runTaskCalls)) };

    // The heartbeat, over the whole run (the provider renews Leases every 10 s, posts Ready every 60 s).
    const windowSeconds = (Date.now() - started) / 1000;
    const hb = since(meter.snapshot('heartbeat'), heartbeatStart);
    const nodeCount = nodes.nodeNames.length;
    const perMonth = SECONDS_PER_MONTH / windowSeconds / nodeCount;
    const readUnits = hb.readUnits * perMonth;
    const writeUnits = hb.writeUnits * perMonth;
    const heartbeatCost = {
      windowSeconds: round(windowSeconds, 0),
      nodes: nodeCount,
      perNodeMonth: {
        awsCalls: Object.fromEntries(Object.entries(hb.aws).map(([op, k]) => [op, Math.round(k * perMonth)])),
        readUnits: Math.round(readUnits),
        writeUnits: Math.round(writeUnits),
        usd: round(readUnits * PRICES.dynamodbReadRequestUnit.usd + writeUnits * PRICES.dynamodbWriteRequestUnit.usd, 3),
      },
    };
    const rs = meter.snapshot('resync');
    return {
      notes: [
        'AWS calls by service:operation; DynamoDB units as DynamoDB Local reports them (transactions doubled to the bill\'s rate)',
        'the local task event poller (ListTasks/DescribeTasks each second) is left out: on AWS, EventBridge delivers task events with no ECS call',
        `per-pod figures of the Deployment include its controllers' share; ${quick ? 'quick run: small sizes, and a heartbeat window that may hold no Ready post' : 'full run'}`,
        'ECS, EC2 and Secrets Manager API calls are not billed (Secrets Manager bills $0.05 per 10,000 GetSecretValue, which ECS makes at task start)',
      ],
      barePod,
      deploymentPerPod,
      throughput,
      heartbeat: heartbeatCost,
      ...(resyncs ? { resyncPerRun: { ...since(rs, emptyUsage(), resyncs) } } : {}),
    };
  } finally {
    await c?.stop();
    await emulator.stop();
  }
}
