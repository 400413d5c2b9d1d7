import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ConflictError, NotFoundError } from '../../shared/api/errors';
import { Deployment, Pod, ReplicaSet } from '../../shared/api/types';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { create, get, list, R, update } from '../../shared/controllers/client';
import { controllerManager } from '../../shared/controllers/manager';
import { deploymentController } from '../../shared/controllers/workloads/deployment';
import { planDeployment } from '../../shared/controllers/workloads/deployment-plan';
import { newReplicaSet } from '../../shared/controllers/workloads/rollout';
import { replicaSetController } from '../../shared/controllers/workloads/replicaset';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { StreamConsumer } from '../../shared/runtime/consumer';
import { CONTROLLER_MANAGER_SOURCE } from '../../shared/runtime/sources';
import { Requeuer, WorkKey } from '../../shared/runtime/work';
import { ObjectStore } from '../../shared/storage/store';
import { LocalStreamPoller } from '../../local/stream-poller';
import { freshTable } from '../support/dynamo';
import { ago, deployment, NOW, runPods } from './support';

const NAME = 'chaos';
const SURGE = 2;

/** A seeded generator (mulberry32), so a failing order can be replayed from the logged seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ReplicaSet the Deployment made for `image`, of `replicas`, reporting `running` pods (all available). */
function replicaSetOf(d: Deployment, image: string, replicas: number, running: number, revision: number): ReplicaSet {
  const source = structuredClone(d);
  source.spec!.template.spec!.containers[0].image = image;
  const rs = newReplicaSet(source);
  const desired = String(d.spec?.replicas);
  const annotations = { 'deployment.kubernetes.io/revision': String(revision), 'deployment.kubernetes.io/desired-replicas': desired, 'deployment.kubernetes.io/max-replicas': String(Number(desired) + 1) };
  rs.metadata = { ...rs.metadata, uid: `uid-${image}`, generation: 1, creationTimestamp: ago(3600 - revision), annotations };
  rs.spec!.replicas = replicas;
  rs.status = { replicas: running, readyReplicas: running, availableReplicas: running, observedGeneration: 1 };
  return rs;
}

describe('planDeployment under a lagging scale-down', () => {
  const d = deployment('web', 4, { image: 'nginx:1.28', strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });

  it.each([
    ['waits while the old ReplicaSet still runs the pod it is scaling down', 4, 1],
    ['grows the new ReplicaSet once that pod is marked for deletion', 3, 2],
  ])('%s', (_case, oldRunning, newSize) => {
    const old = replicaSetOf(d, 'nginx:1.27', 3, oldRunning, 1);
    const current = replicaSetOf(d, 'nginx:1.28', 1, 1, 2);
    const plan = planDeployment({ deployment: d, replicaSets: [old, current], pods: [], now: NOW });
    const write = plan.update.find((w) => w.rs.metadata?.name === current.metadata?.name);
    expect(write?.rs.spec?.replicas ?? current.spec?.replicas).toBe(newSize);
  });
});

/**
 * At-least-once delivery at its worst: real stream records of a Deployment being created, scaled
 * and rolled, each batch duplicated, shuffled and handed to two controller-manager invocations at
 * once, while a fake kubelet makes pods ready and confirms deletions. Failed records are
 * redelivered, requeued keys come back early. The pod log (every committed pod change, in order)
 * must never show more live pods than replicas + maxSurge.
 */
describe('controller-manager under duplicated, reordered, concurrent delivery', () => {
  const seed = Number(process.env.SKIFF_CHAOS_SEED ?? Date.now() % 1_000_000);
  const rand = random(seed);
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  /** The records with about half of them twice, in a random order. */
  const chaos = (records: DynamoDBRecord[]) => shuffle([...records, ...records.filter(() => rand() < 0.5)]);

  let ctx: RestContext;
  let poller: LocalStreamPoller;
  const captured: DynamoDBRecord[] = [];
  const everything: DynamoDBRecord[] = [];
  const retry = new Map<string, DynamoDBRecord>();
  const requeued: WorkKey[] = [];
  const requeuer: Requeuer = { after: async (key) => void requeued.push(key) };
  let manager: StreamConsumer;

  beforeAll(async () => {
    const { client, table, endpoint } = await freshTable();
    ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(ctx);
    manager = controllerManager(ctx, requeuer, [deploymentController, replicaSetController]);
    const capture: StreamConsumer = {
      name: 'capture',
      filters: CONTROLLER_MANAGER_SOURCE.filters,
      batchSize: 1000,
      resyncSeconds: 3600,
      handler: async (event) => {
        captured.push(...(event as DynamoDBStreamEvent).Records);
        everything.push(...(event as DynamoDBStreamEvent).Records);
        return { batchItemFailures: [] };
      },
    };
    poller = new LocalStreamPoller(client, endpoint, table, [capture], { pollMs: 10 });
    await poller.start();
  });
  afterAll(async () => {
    await poller?.stop();
  });

  const ignoreRaces = async (work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      if (!(err instanceof ConflictError) && !(err instanceof NotFoundError)) throw err;
    }
  };
  const kubelet = () => ignoreRaces(runPods(ctx, 'default', (p) => p.metadata?.labels?.app === NAME));

  /** One invocation: its share of the records in a few batches, as a mapping that splits and retries. */
  const invoke = async (records: DynamoDBRecord[]) => {
    const size = Math.max(1, Math.ceil(records.length / (1 + Math.floor(rand() * 3))));
    for (let i = 0; i < records.length; i += size) {
      const batch = records.slice(i, i + size);
      const { batchItemFailures } = await manager.handler({ Records: batch });
      const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
      for (const r of batch) if (failed.has(String(r.dynamodb?.SequenceNumber))) retry.set(String(r.dynamodb?.SequenceNumber), r);
    }
  };

  /** A round: what the stream brought (or, when it brought nothing for a while, a resync) to both invocations, with the kubelet alongside. */
  const round = async () => {
    const waitUntil = Date.now() + 500;
    while (captured.length === 0 && retry.size === 0 && requeued.length === 0 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
    const records = [...captured.splice(0), ...retry.values()];
    retry.clear();
    const keys = requeued.splice(0);
    const work: Promise<unknown>[] = [invoke(chaos(records)), invoke(chaos(records)), kubelet()];
    if (keys.length > 0) work.push(manager.handler({ source: 'skiff.work', keys }));
    if (records.length === 0 && keys.length === 0) work.push(manager.handler({ source: 'skiff.work', keys: [], resync: true }));
    await Promise.all(work);
  };

  const read = async () => (await get(ctx, R.deployments, 'default', NAME)) as unknown as Deployment;
  const pods = async () => ((await list(ctx, R.pods, 'default')) as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === NAME);
  const settled = async (replicas: number) => {
    const d = await read();
    const s = d.status ?? {};
    const all = await pods();
    return (
      (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
      s.replicas === replicas &&
      s.updatedReplicas === replicas &&
      s.availableReplicas === replicas &&
      all.length === replicas &&
      all.every((p) => p.spec?.containers[0].image === d.spec?.template.spec?.containers[0].image)
    );
  };
  const settle = async (replicas: number, ms = 25_000) => {
    const deadline = Date.now() + ms;
    while (!(await settled(replicas))) {
      if (Date.now() > deadline) throw new Error(`not settled at ${replicas} within ${ms} ms (seed ${seed})`);
      await round();
    }
  };
  const edit = async (change: (d: Deployment) => void) => {
    for (;;) {
      const d = await read();
      change(d);
      try {
        return await update(ctx, R.deployments, d as unknown as KubeObject);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  };
  /** The newest revision of the pod log: a phase's changes are the ones after it. */
  const podLogRevision = async () => (await ctx.store.changes('pods', 0)).at(-1)?.rev ?? 0;
  /** The most live (not deleting) pods of the Deployment at any committed revision of the pod log after `from`. */
  const peakLivePods = async (from = 0) => {
    const live = new Map<string, boolean>();
    let peak = 0;
    for (const change of await ctx.store.changes('pods', 0)) {
      const meta = change.object.metadata as { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
      if (meta.labels?.app !== NAME) continue;
      live.set(meta.name, change.type !== 'DELETED' && !meta.deletionTimestamp);
      if (change.rev > from) peak = Math.max(peak, [...live.values()].filter(Boolean).length);
    }
    return peak;
  };

  it(`creates, scales, rolls and scales down without exceeding replicas + maxSurge, settling at replicas (seed ${seed})`, async () => {
    const spec = deployment(NAME, 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: SURGE, maxUnavailable: 0 } } }).spec;
    await create(ctx, R.deployments, 'default', { metadata: { name: NAME }, spec });
    await settle(4);
    expect(await peakLivePods()).toBeLessThanOrEqual(4 + SURGE);

    let from = await podLogRevision();
    await edit((d) => void (d.spec!.replicas = 8));
    await settle(8);
    expect(await peakLivePods(from)).toBeLessThanOrEqual(8 + SURGE);

    from = await podLogRevision();
    await edit((d) => void (d.spec!.template.spec!.containers[0].image = 'nginx:1.28'));
    await settle(8);
    // With maxUnavailable 0 the rollout surges to the limit, never past it.
    expect(await peakLivePods(from)).toBe(8 + SURGE);

    from = await podLogRevision();
    await edit((d) => {
      d.spec!.replicas = 3;
      d.spec!.template.spec!.containers[0].image = 'nginx:1.29';
    });
    await settle(3);
    // Scaled down first (a scaling event), then rolled within 3 + maxSurge: never above the 8 it had.
    expect(await peakLivePods(from)).toBeLessThanOrEqual(8);
  }, 80_000);

  it('replays every record it ever saw, twice and shuffled, without creating a pod', async () => {
    const before = (await pods()).map((p) => p.metadata?.name).sort();
    await Promise.all([invoke(chaos(everything)), invoke(chaos(everything)), kubelet()]);
    await settle(3);
    expect((await pods()).map((p) => p.metadata?.name).sort()).toEqual(before);
  }, 30_000);
});
