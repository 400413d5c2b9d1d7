import { Pod } from '../../shared/api/types';
import { create, get, R, remove, update } from '../../shared/controllers/client';
import { garbageCollector } from '../../shared/controllers/gc/garbage-collector';
import { podGarbageCollector } from '../../shared/controllers/gc/podgc';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { countingReads, listOf, pod, streamRecord, testContext } from './support';

describe('garbageCollector and podGC', () => {
  describe('route', () => {
    const owned = pod('a', { owner: { metadata: { name: 'rs', uid: 'u1' } } });
    const key = { resource: 'pods', namespace: 'default', name: 'a' };
    it.each([
      ['a new object with owners to itself', streamRecord('pods', 'INSERT', undefined, owned), [{ ...key, controller: 'garbagecollector' }]],
      ['a status change of an owned object nowhere', streamRecord('pods', 'MODIFY', owned, { ...owned, status: { phase: 'Succeeded' } }), []],
      ['an object without owners nowhere', streamRecord('pods', 'INSERT', undefined, pod('a')), []],
      ['a removal to a scan of its namespace', streamRecord('pods', 'REMOVE', owned, undefined), [{ resource: '*', namespace: 'default', name: '*', controller: 'garbagecollector' }]],
    ])('routes %s', (_case, record, keys) => {
      expect(garbageCollector.route(record, key)).toEqual(keys);
    });
  });

  describe('against DynamoDB Local', () => {
    let ctx: RestContext;
    beforeAll(async () => {
      ctx = await testContext();
    });

    /** A ReplicaSet (no ReplicaSet controller runs here) owning `n` pods. */
    const family = async (name: string, n: number, block = true) => {
      const owner = (await create(ctx, R.replicasets, 'default', {
        metadata: { name },
        spec: { replicas: 0, selector: { matchLabels: { family: name } }, template: { metadata: { labels: { family: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
      })) as KubeObject;
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: owner.metadata.uid as string, controller: true, blockOwnerDeletion: block };
      for (let i = 0; i < n; i++) {
        await create(ctx, R.pods, 'default', { metadata: { name: `${name}-${i}`, labels: { family: name }, ownerReferences: [ref] }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      }
      return owner;
    };
    const podsOf = async (name: string) => (await listOf<Pod>(ctx, R.pods)).filter((p) => p.metadata?.labels?.family === name);
    const scan = () => garbageCollector.reconcile(ctx, { resource: '*', namespace: 'default', name: '*', controller: 'garbagecollector' });
    const ownerKey = (name: string) => ({ resource: 'replicasets.apps', namespace: 'default', name, controller: 'garbagecollector' });

    it('deletes the dependents of an owner deleted in the background', async () => {
      const owner = await family('bg', 2);
      await remove(ctx, R.replicasets, owner, { propagationPolicy: 'Background' });
      expect(await podsOf('bg')).toHaveLength(2);
      await scan();
      expect(await podsOf('bg')).toEqual([]);
    });

    it('deletes a dependent whose owner was replaced by a namesake', async () => {
      await family('namesake', 0);
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'namesake', uid: 'uid-of-an-earlier-namesake', controller: true };
      await create(ctx, R.pods, 'default', { metadata: { name: 'stale', ownerReferences: [ref] }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
      await garbageCollector.reconcile(ctx, { resource: 'pods', namespace: 'default', name: 'stale', controller: 'garbagecollector' });
      expect(await get(ctx, R.pods, 'default', 'stale')).toBeUndefined();
    });

    it('scans the pods written since its last scan (its cache of them moves on): a pod left without its owner goes, then what the pod owned', async () => {
      await scan();
      const owner = await family('later', 1);
      const pod = (await get(ctx, R.pods, 'default', 'later-0')) as KubeObject;
      const refToPod = [{ apiVersion: 'v1', kind: 'Pod', name: 'later-0', uid: String(pod.metadata.uid) }];
      await create(ctx, R.configmaps, 'default', { metadata: { name: 'of-later-0', ownerReferences: refToPod } });
      await remove(ctx, R.replicasets, owner, { propagationPolicy: 'Background' });
      await scan();
      expect(await podsOf('later')).toEqual([]);
      expect(await get(ctx, R.configmaps, 'default', 'of-later-0')).toBeDefined();
      await scan();
      expect(await get(ctx, R.configmaps, 'default', 'of-later-0')).toBeUndefined();
    });

    it('holds an owner deleted in the foreground until its blocking dependents are gone', async () => {
      const owner = await family('fg', 2);
      await remove(ctx, R.replicasets, owner, { propagationPolicy: 'Foreground' });
      const deleting = await get(ctx, R.replicasets, 'default', 'fg');
      expect(deleting?.metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: expect.any(String) });
      expect(await garbageCollector.reconcile(ctx, ownerKey('fg'))).toEqual({ requeueAfterSeconds: 2 });
      expect(await podsOf('fg')).toEqual([]);
      expect(await get(ctx, R.replicasets, 'default', 'fg')).toBeDefined();
      await garbageCollector.reconcile(ctx, ownerKey('fg'));
      expect(await get(ctx, R.replicasets, 'default', 'fg')).toBeUndefined();
    });

    it('orphans the dependents of an owner deleted with the orphan policy', async () => {
      const owner = await family('orphan', 2);
      await remove(ctx, R.replicasets, owner, { propagationPolicy: 'Orphan' });
      await garbageCollector.reconcile(ctx, ownerKey('orphan'));
      expect(await get(ctx, R.replicasets, 'default', 'orphan')).toBeUndefined();
      const pods = await podsOf('orphan');
      expect(pods).toHaveLength(2);
      expect(pods.every((p) => p.metadata?.ownerReferences === undefined)).toBe(true);
      await scan();
      expect(await podsOf('orphan')).toHaveLength(2);
    });

    it('decides a batch of pods of one namespace together: one batch read of the pods, then one of the owners they name', async () => {
      await family('kept', 3);
      const gone = await family('gone', 3);
      await remove(ctx, R.replicasets, gone, { propagationPolicy: 'Background' });
      const names = ['kept-0', 'gone-0', 'kept-1', 'gone-1', 'never-created', 'kept-2', 'gone-2'];
      const keys = names.map((name) => ({ resource: 'pods', namespace: 'default', name, controller: 'garbagecollector' }));
      expect(new Set(keys.map((k) => garbageCollector.groupOf!(k))).size).toBe(1);
      expect(garbageCollector.groupOf!({ resource: '*', namespace: 'default', name: '*', controller: 'garbagecollector' })).toBeUndefined();

      const counted = countingReads(ctx);
      expect(await garbageCollector.reconcileGroup!(counted.ctx, keys)).toEqual(keys.map(() => ({})));
      expect(counted.reads.filter((r) => r !== 'get pods')).toEqual(['getMany pods', 'getMany replicasets.apps']);
      expect((await podsOf('kept')).map((p) => p.metadata?.name).sort()).toEqual(['kept-0', 'kept-1', 'kept-2']);
      expect(await podsOf('gone')).toEqual([]);
    });

    it('resyncs by scanning the namespaces that hold a suspect, and no other', async () => {
      for (const name of ['gc-quiet', 'gc-orphans']) await create(ctx, R.namespaces, undefined, { metadata: { name } });
      const owner = (await create(ctx, R.configmaps, 'gc-quiet', { metadata: { name: 'owner' } })) as KubeObject;
      const ref = (uid: string) => [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }];
      await create(ctx, R.configmaps, 'gc-quiet', { metadata: { name: 'owned', ownerReferences: ref(String(owner.metadata.uid)) } });
      await create(ctx, R.configmaps, 'gc-orphans', { metadata: { name: 'orphan', ownerReferences: ref('uid-of-no-object') } });
      // A cluster-scoped owner is never in a namespace's listing: its dependents are suspects only when it is gone.
      const node = (await create(ctx, R.nodes, undefined, { metadata: { name: 'gc-node' } })) as KubeObject;
      const nodeRef = (uid: string) => [{ apiVersion: 'v1', kind: 'Node', name: 'gc-node', uid }];
      await create(ctx, R.leases, 'gc-quiet', { metadata: { name: 'of-node', ownerReferences: nodeRef(String(node.metadata.uid)) }, spec: {} });
      await create(ctx, R.leases, 'gc-orphans', { metadata: { name: 'of-gone-node', ownerReferences: nodeRef('uid-of-an-earlier-node') }, spec: {} });
      const scans = (await garbageCollector.resync!(ctx)).filter((k) => k.resource === '*' && k.namespace?.startsWith('gc-'));
      expect(scans).toEqual([{ resource: '*', namespace: 'gc-orphans', name: '*', controller: 'garbagecollector' }]);
      for (const key of scans) await garbageCollector.reconcile(ctx, key);
      expect(await get(ctx, R.configmaps, 'gc-orphans', 'orphan')).toBeUndefined();
      expect(await get(ctx, R.leases, 'gc-orphans', 'of-gone-node')).toBeUndefined();
      expect(await get(ctx, R.configmaps, 'gc-quiet', 'owned')).toBeDefined();
      // A scan of the quiet namespace has no suspect to read again.
      const counted = countingReads(ctx);
      await garbageCollector.reconcile(counted.ctx, { resource: '*', namespace: 'gc-quiet', name: '*', controller: 'garbagecollector' });
      expect(counted.reads).toEqual([]);
      expect(await get(ctx, R.leases, 'gc-quiet', 'of-node')).toBeDefined();
    });

    it('collects (pod GC) pods of vanished nodes and terminated pods beyond the threshold', async () => {
      await create(ctx, R.nodes, undefined, { metadata: { name: 'node-a' } });
      const containers = [{ name: 'c', image: 'busybox' }];
      await create(ctx, R.pods, 'default', { metadata: { name: 'on-a' }, spec: { nodeName: 'node-a', containers } });
      await create(ctx, R.pods, 'default', { metadata: { name: 'on-gone' }, spec: { nodeName: 'node-gone', containers } });
      for (const name of ['done-1', 'done-2']) {
        const created = (await create(ctx, R.pods, 'default', { metadata: { name }, spec: { nodeName: 'node-a', containers } })) as KubeObject;
        await update(ctx, R.pods, { ...created, status: { phase: 'Succeeded' } }, 'status');
      }
      const gc = podGarbageCollector(1);
      const [sweep] = await gc.resync!(ctx);
      await gc.reconcile(ctx, sweep);
      const names = async () => (await listOf<Pod>(ctx, R.pods)).map((p) => String(p.metadata?.name)).filter((n) => n.startsWith('on-') || n.startsWith('done-')).sort();
      expect(await names()).toEqual(['done-2', 'on-a']);

      await remove(ctx, R.nodes, (await get(ctx, R.nodes, undefined, 'node-a')) as KubeObject);
      const keys = gc.route(streamRecord('nodes', 'REMOVE', { metadata: { name: 'node-a' } }, undefined), { resource: 'nodes', name: 'node-a' });
      for (const key of keys) await gc.reconcile(ctx, key);
      expect(await names()).toEqual([]);
    });
  });
});
