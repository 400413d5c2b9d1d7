import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { create, list, R } from '../../shared/controllers/client';
import type { Pod } from '../../shared/api/types';
import { bindPlan } from '../../shared/scheduler/bind';
import { readNodeGuards } from '../../shared/scheduler/node-guard';
import { scheduleAll } from '../../shared/scheduler/scheduler';
import { ObjectStore } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

describe('scheduleAll', () => {
  it('never overcommits a node when two scheduler invocations race from the same snapshot', async () => {
    const { client, table } = await freshTable();
    const ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(ctx);
    for (const name of ['a', 'b']) {
      await create(ctx, R.nodes, undefined, {
        metadata: { name },
        status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, capacity: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    for (let i = 0; i < 12; i++) {
      await create(ctx, R.pods, 'default', { metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m' } } }] } });
    }
    // Two passes at once, as two Lambda invocations would run; then passes until nothing changes.
    await Promise.all([scheduleAll(ctx), scheduleAll(ctx)]);
    for (let i = 0; i < 5; i++) await scheduleAll(ctx);
    const pods = await list(ctx, R.pods, 'default');
    const perNode = new Map<string, number>();
    for (const p of pods) {
      const node = (p.spec as { nodeName?: string }).nodeName;
      if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
    expect(perNode.get('a')).toBe(4);
    expect(perNode.get('b')).toBe(4);
    expect(pods.filter((p) => !(p.spec as { nodeName?: string }).nodeName)).toHaveLength(4);
  });

  it('binds the rest of a shared transaction one by one when a pod changed since the snapshot', async () => {
    const ctx = await oneNodeWithPods(6);
    const snapshot = (await list(ctx, R.pods, 'default')) as unknown as Pod[];
    // p2 changes after the snapshot was read: the shared transaction fails on it.
    const p2 = snapshot.find((p) => p.metadata?.name === 'p2') as Pod;
    await ctx.store.update('pods', { ...p2, metadata: { ...p2.metadata, labels: { moved: 'on' } } } as never, String(p2.metadata?.resourceVersion));
    const outcome = await bindPlan(ctx, new Map([['a', snapshot]]), await readNodeGuards(ctx.store));
    expect(outcome.retry).toBe(false);
    expect(outcome.scheduled.map((e) => e.involvedObject.name)).toEqual(['p0', 'p1', 'p3', 'p4', 'p5']);
    expect(outcome.scheduled[0].message).toBe('Successfully assigned default/p0 to a');
    const pods = await list(ctx, R.pods, 'default');
    expect(pods.filter((p) => (p.spec as { nodeName?: string }).nodeName === 'a').map((p) => p.metadata.name)).toEqual(['p0', 'p1', 'p3', 'p4', 'p5']);
    // The guard moved on once per binding, so a scheduler deciding from an older snapshot is refused.
    expect((await readNodeGuards(ctx.store)).get('a')).toBe(5);
  });

  it('records each bound pod\'s Scheduled event', async () => {
    const ctx = await oneNodeWithPods(60);
    expect((await scheduleAll(ctx)).bound).toBe(60);
    const events = await list(ctx, R.events, 'default');
    expect(events.filter((e) => e.reason === 'Scheduled')).toHaveLength(60);
  });
});

/** A cluster with one 8-CPU node `a` and `count` pending pods p0, p1... in default. */
async function oneNodeWithPods(count: number) {
  const { client, table } = await freshTable();
  const ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
  await bootstrapCluster(ctx);
  await create(ctx, R.nodes, undefined, { metadata: { name: 'a' }, status: { allocatable: { cpu: '8', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } });
  for (let i = 0; i < count; i++) await create(ctx, R.pods, 'default', { metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  return ctx;
}
