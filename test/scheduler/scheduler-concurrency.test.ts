import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { create, list, R } from '../../shared/controllers/client';
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
});
