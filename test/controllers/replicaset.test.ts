import { ConflictError } from '../../shared/api/errors';
import { Event, Pod, ReplicaSet } from '../../shared/api/types';
import { create, get, R, remove, update } from '../../shared/controllers/client';
import { replicaSetController } from '../../shared/controllers/workloads/replicaset';
import { claimLifetimeSeconds, EXPECTATIONS_ANNOTATION, withExpectations } from '../../shared/controllers/workloads/expectations';
import { eventually } from '../support/eventually';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { converge, getOf, listOf, pod, replicaSet, runPods, streamRecord } from './support';

describe('replicaSetController', () => {
  describe('route', () => {
    const rs = replicaSet('web-abc', 1);
    const owned = pod('web-abc-x', { owner: rs });
    const key = { resource: 'pods', namespace: 'default', name: 'web-abc-x' };

    it.each([
      ['a pod it controls', streamRecord('pods', 'MODIFY', owned, owned), [{ resource: 'replicasets.apps', namespace: 'default', name: 'web-abc', controller: 'replicaset' }]],
      ['a removed pod it controlled', streamRecord('pods', 'REMOVE', owned, undefined), [{ resource: 'replicasets.apps', namespace: 'default', name: 'web-abc', controller: 'replicaset' }]],
      ['an orphan pod, to find who adopts it', streamRecord('pods', 'INSERT', undefined, pod('web-abc-x')), [{ ...key, controller: 'replicaset' }]],
      ['a removed orphan: nobody', streamRecord('pods', 'REMOVE', pod('web-abc-x'), undefined), []],
      ['a record without bodies: the pod key', streamRecord('pods', 'MODIFY', owned, owned, false), [{ ...key, controller: 'replicaset' }]],
    ])('routes %s', (_case, record, keys) => {
      expect(replicaSetController.route(record, key)).toEqual(keys);
    });

    it('routes a ReplicaSet record to the ReplicaSet', () => {
      const record = streamRecord('replicasets.apps', 'INSERT', undefined, rs);
      expect(replicaSetController.route(record, { resource: 'replicasets.apps', namespace: 'default', name: 'web-abc' })).toEqual([
        { resource: 'replicasets.apps', namespace: 'default', name: 'web-abc', controller: 'replicaset' },
      ]);
    });
  });

  describe('against DynamoDB Local', () => {
    let ctx: RestContext;
    beforeAll(async () => {
      const { testContext } = await import('./support');
      ctx = await testContext();
    });

    const createRs = async (name: string, replicas: number) => {
      const rs = replicaSet(name, replicas, { labels: { app: name } });
      const body = { metadata: { name, namespace: 'default' }, spec: rs.spec };
      return (await create(ctx, R.replicasets, 'default', body)) as unknown as ReplicaSet;
    };
    const podsOf = async (name: string) => (await listOf<Pod>(ctx, R.pods)).filter((p) => p.metadata?.labels?.app === name);
    const key = (name: string) => ({ resource: 'replicasets.apps', namespace: 'default', name, controller: 'replicaset' });

    it('creates the pods, records events and reports status as they become ready', async () => {
      await createRs('alpha', 3);
      await replicaSetController.reconcile(ctx, key('alpha'));
      const pods = await podsOf('alpha');
      expect(pods).toHaveLength(3);
      expect(pods[0].metadata).toMatchObject({ generateName: 'alpha-', ownerReferences: [expect.objectContaining({ kind: 'ReplicaSet', name: 'alpha', controller: true })] });
      const stored = await getOf<ReplicaSet>(ctx, R.replicasets, 'alpha');
      expect(stored?.metadata?.annotations?.[EXPECTATIONS_ANNOTATION]).toBeUndefined();
      const events = (await listOf<Event>(ctx, R.events)).filter((e) => e.involvedObject.name === 'alpha');
      expect(events.map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata?.name}`).sort());
      expect(events[0]).toMatchObject({ reason: 'SuccessfulCreate', type: 'Normal', source: { component: 'replicaset-controller' }, count: 1, involvedObject: { kind: 'ReplicaSet' } });

      await runPods(ctx, 'default', (p) => p.metadata?.labels?.app === 'alpha');
      await replicaSetController.reconcile(ctx, key('alpha'));
      const after = await getOf<ReplicaSet>(ctx, R.replicasets, 'alpha');
      expect(after?.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    });

    it('never exceeds spec.replicas when two reconciles run at once', async () => {
      await createRs('beta', 4);
      const results = await Promise.allSettled([replicaSetController.reconcile(ctx, key('beta')), replicaSetController.reconcile(ctx, key('beta')), replicaSetController.reconcile(ctx, key('beta'))]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      expect((await podsOf('beta')).length).toBeLessThanOrEqual(4);
      await converge(ctx, [replicaSetController], async () => (await podsOf('beta')).length === 4);
      await Promise.allSettled([replicaSetController.reconcile(ctx, key('beta')), replicaSetController.reconcile(ctx, key('beta'))]);
      expect(await podsOf('beta')).toHaveLength(4);
    });

    it('deletes the surplus when scaled down', async () => {
      await createRs('gamma', 3);
      await converge(ctx, [replicaSetController], async () => (await podsOf('gamma')).length === 3);
      const current = (await getOf<ReplicaSet>(ctx, R.replicasets, 'gamma')) as ReplicaSet;
      await update(ctx, R.replicasets, { ...current, spec: { ...current.spec, replicas: 1 } } as unknown as KubeObject);
      await replicaSetController.reconcile(ctx, key('gamma'));
      expect(await podsOf('gamma')).toHaveLength(1);
      const events = (await listOf<Event>(ctx, R.events)).filter((e) => e.involvedObject.name === 'gamma' && e.reason === 'SuccessfulDelete');
      expect(events).toHaveLength(2);
    });

    it('converges within seconds when the controller-manager died between its claim and its deletes', async () => {
      await createRs('zeta', 3);
      await converge(ctx, [replicaSetController], async () => (await podsOf('zeta')).length === 3);
      const current = (await getOf<ReplicaSet>(ctx, R.replicasets, 'zeta')) as ReplicaSet;
      const scaled = (await update(ctx, R.replicasets, { ...current, spec: { ...current.spec, replicas: 1 } } as unknown as KubeObject)) as unknown as ReplicaSet;
      // What a claimant writes before deleting two pods; then it is killed, and deletes nothing.
      const doomed = (await podsOf('zeta')).slice(0, 2).map((p) => String(p.metadata?.name));
      const claim = { add: [], del: doomed, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), ttl: claimLifetimeSeconds(doomed.length) };
      await update(ctx, R.replicasets, withExpectations(scaled, claim) as unknown as KubeObject);
      const restarted = await replicaSetController.reconcile(ctx, key('zeta'));
      expect(restarted.requeueAfterSeconds).toBeLessThanOrEqual(claimLifetimeSeconds(2));
      expect(claimLifetimeSeconds(2)).toBeLessThan(30);
      await eventually(async () => {
        await replicaSetController.reconcile(ctx, key('zeta'));
        return (await podsOf('zeta')).filter((p) => !p.metadata?.deletionTimestamp).length === 1;
      }, 30_000, 500);
      const after = (await getOf<ReplicaSet>(ctx, R.replicasets, 'zeta')) as ReplicaSet;
      expect(after.metadata?.annotations?.[EXPECTATIONS_ANNOTATION]).toBeUndefined();
    });

    it('backs off after a failed create instead of claiming again at once', async () => {
      await create(ctx, R.namespaces, undefined, { metadata: { name: 'closing' } });
      const rs = replicaSet('epsilon', 2, { labels: { app: 'epsilon' } });
      await create(ctx, R.replicasets, 'closing', { metadata: { name: 'epsilon' }, spec: rs.spec });
      await remove(ctx, R.namespaces, (await get(ctx, R.namespaces, undefined, 'closing')) as KubeObject);
      const closingKey = { ...key('epsilon'), namespace: 'closing' };
      const first = await replicaSetController.reconcile(ctx, closingKey);
      expect(first.requeueAfterSeconds).toBe(5);
      const stored = (await getOf<ReplicaSet>(ctx, R.replicasets, 'epsilon', 'closing')) as ReplicaSet;
      expect(stored.status?.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' })]);
      const backoff = stored.metadata?.annotations?.[EXPECTATIONS_ANNOTATION];
      expect(JSON.parse(String(backoff))).toMatchObject({ fails: 1, ttl: 5 });
      const second = await replicaSetController.reconcile(ctx, closingKey);
      expect(second.requeueAfterSeconds).toBeGreaterThan(0);
      const after = (await getOf<ReplicaSet>(ctx, R.replicasets, 'epsilon', 'closing')) as ReplicaSet;
      expect(after.metadata?.annotations?.[EXPECTATIONS_ANNOTATION]).toBe(backoff);
    });

    it('adopts a matching orphan instead of creating', async () => {
      const orphan = pod('delta-orphan', { labels: { app: 'delta' } });
      await create(ctx, R.pods, 'default', { metadata: { name: 'delta-orphan', labels: orphan.metadata?.labels }, spec: orphan.spec });
      await createRs('delta', 1);
      await replicaSetController.reconcile(ctx, { resource: 'pods', namespace: 'default', name: 'delta-orphan', controller: 'replicaset' });
      const pods = await podsOf('delta');
      expect(pods.map((p) => p.metadata?.name)).toEqual(['delta-orphan']);
      expect(pods[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'delta', controller: true });
    });
  });
});
