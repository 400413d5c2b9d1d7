import { create, get, R, remove, resource, updateStatusOf } from '../../shared/controllers/client';
import { garbageCollector } from '../../shared/controllers/gc/garbage-collector';
import { RestContext } from '../../shared/registry/context';
import { customResources } from '../../shared/registry/custom/registry';
import { KubeObject, ResourceDef } from '../../shared/registry/resource';
import { ObjectStore } from '../../shared/storage/store';
import { testContext } from './support';

/**
 * The interleavings a slow namespace scan meets, forced: the scan's reads of the store are paused
 * at a chosen read while another writer (a user's delete, the owner's own reconcile) commits.
 */
describe('garbageCollector against a scan of stale state', () => {
  let ctx: RestContext;
  let gadgets: ResourceDef;

  beforeAll(async () => {
    ctx = await testContext();
    gadgets = await establishGadgets(ctx);
  });

  type Read = { op: 'get' | 'list'; resource: string; name?: string; names?: string[] };
  /**
   * `ctx` whose store runs `before` (once) ahead of the first read `when` matches; reads are
   * recorded. Reading every object of a kind, by a list or by `current`, is a 'list'; a batch read
   * (`getMany`) is a 'get' naming its `names`.
   */
  const pausedAt = (when: (r: Read) => boolean, before: () => Promise<void>) => {
    const reads: Read[] = [];
    let fired = false;
    const store = new Proxy(ctx.store, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if ((prop !== 'get' && prop !== 'getMany' && prop !== 'list' && prop !== 'current') || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (resourceKey: string, namespace: string | undefined, ...rest: unknown[]) => {
          const read: Read = {
            op: prop === 'get' || prop === 'getMany' ? 'get' : 'list',
            resource: resourceKey,
            name: prop === 'get' ? String(rest[0]) : undefined,
            names: prop === 'getMany' ? (rest[0] as string[]) : undefined,
          };
          if (!fired && when(read)) {
            fired = true;
            await before();
          }
          reads.push(read);
          return (value as (...a: unknown[]) => unknown).call(target, resourceKey, namespace, ...rest);
        };
      },
    }) as ObjectStore;
    return { ctx: { ...ctx, store }, reads, fired: () => fired };
  };
  const scan = (c: RestContext) => garbageCollector.reconcile(c, { resource: '*', namespace: 'default', name: '*', controller: 'garbagecollector' });
  const reconcileGadget = (name: string) => garbageCollector.reconcile(ctx, { resource: 'gadgets.example.com', namespace: 'default', name, controller: 'garbagecollector' });
  const gadget = async (name: string) => (await create(ctx, gadgets, 'default', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name }, spec: {} })) as KubeObject;
  const refTo = (owner: KubeObject) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', name: String(owner.metadata.name), uid: String(owner.metadata.uid), blockOwnerDeletion: true });
  const configMap = (name: string, owner: KubeObject) => create(ctx, R.configmaps, 'default', { metadata: { name, ownerReferences: [refTo(owner)] }, data: { a: 'b' } });

  it('releases a dependent created after the scan listed its kind when the owner is orphaned before the scan lists the owners', async () => {
    const owner = await gadget('late');
    const paused = pausedAt(
      (r) => r.op === 'list' && r.resource === 'gadgets.example.com',
      async () => {
        await configMap('late-cm', owner);
        await remove(ctx, gadgets, owner, { propagationPolicy: 'Orphan' });
      },
    );
    await scan(paused.ctx);
    expect(paused.fired()).toBe(true);
    // The interleaving happened: the scan's listing of config maps predates the dependent.
    expect(paused.reads.findIndex((r) => r.op === 'list' && r.resource === 'configmaps')).toBeLessThan(paused.reads.findIndex((r) => r.op === 'list' && r.resource === 'gadgets.example.com'));

    // The owner's own reconcile and the scan its removal starts come after, in either order.
    await reconcileGadget('late');
    await scan(ctx);
    expect(await get(ctx, gadgets, 'default', 'late')).toBeUndefined();
    const cm = await get(ctx, R.configmaps, 'default', 'late-cm');
    expect(cm).toBeDefined();
    expect(cm?.metadata.ownerReferences).toBeUndefined();
  });

  it('keeps a dependent the scan listed with a reference its owner released before the scan listed the owners', async () => {
    const owner = await gadget('released');
    await configMap('released-cm', owner);
    await remove(ctx, gadgets, owner, { propagationPolicy: 'Orphan' });
    const paused = pausedAt(
      (r) => r.op === 'list' && r.resource === 'gadgets.example.com',
      async () => {
        await reconcileGadget('released');
      },
    );
    await scan(paused.ctx);
    expect(paused.fired()).toBe(true);
    expect(await get(ctx, gadgets, 'default', 'released')).toBeUndefined();
    expect((await get(ctx, R.configmaps, 'default', 'released-cm'))?.metadata.ownerReferences).toBeUndefined();
  });

  it('keeps a dependent released between the collector reading it and reading its owner absent', async () => {
    const owner = await gadget('between');
    await configMap('between-cm', owner);
    await remove(ctx, gadgets, owner, { propagationPolicy: 'Orphan' });
    // The dependent's own reconcile (its reference changed): paused at its owner's read.
    const paused = pausedAt(
      (r) => r.op === 'get' && r.resource === 'gadgets.example.com' && r.name === 'between',
      async () => {
        await reconcileGadget('between');
      },
    );
    await garbageCollector.reconcile(paused.ctx, { resource: 'configmaps', namespace: 'default', name: 'between-cm', controller: 'garbagecollector' });
    expect(paused.fired()).toBe(true);
    expect(await get(ctx, R.configmaps, 'default', 'between-cm')).toBeDefined();
  });

  it('keeps a dependent released between a batch reading it and reading its owner absent', async () => {
    const owner = await gadget('batched');
    await configMap('batched-cm', owner);
    await configMap('batched-cm-2', owner);
    await remove(ctx, gadgets, owner, { propagationPolicy: 'Orphan' });
    const paused = pausedAt(
      (r) => r.op === 'get' && r.resource === 'gadgets.example.com' && (r.names ?? []).includes('batched'),
      async () => {
        await reconcileGadget('batched');
      },
    );
    const keys = ['batched-cm', 'batched-cm-2'].map((name) => ({ resource: 'configmaps', namespace: 'default', name, controller: 'garbagecollector' }));
    await garbageCollector.reconcileGroup!(paused.ctx, keys);
    expect(paused.fired()).toBe(true);
    for (const key of keys) expect((await get(ctx, R.configmaps, 'default', key.name))?.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes built-in and custom dependents of a custom resource deleted in the background', async () => {
    const owner = await gadget('parent');
    await configMap('parent-cm', owner);
    await create(ctx, gadgets, 'default', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'parent-child', ownerReferences: [refTo(owner)] }, spec: {} });
    await remove(ctx, gadgets, owner, { propagationPolicy: 'Background' });
    await scan(ctx);
    expect(await get(ctx, R.configmaps, 'default', 'parent-cm')).toBeUndefined();
    expect(await get(ctx, gadgets, 'default', 'parent-child')).toBeUndefined();
  });

  it('deletes a custom resource whose built-in owner is gone', async () => {
    const cm = (await create(ctx, R.configmaps, 'default', { metadata: { name: 'owner-cm' } })) as KubeObject;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-cm', uid: String(cm.metadata.uid) };
    await create(ctx, gadgets, 'default', { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'owned', ownerReferences: [ref] }, spec: {} });
    await remove(ctx, R.configmaps, cm);
    await reconcileGadget('owned');
    expect(await get(ctx, gadgets, 'default', 'owned')).toBeUndefined();
  });
});

/** A namespaced custom resource `gadgets.example.com`, Established as the CRD controller leaves it. */
async function establishGadgets(ctx: RestContext): Promise<ResourceDef> {
  const crds = resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
  const names = { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' };
  const crd = (await create(ctx, crds, undefined, {
    metadata: { name: 'gadgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
  })) as KubeObject;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const condition = (type: string) => ({ type, status: 'True', reason: type === 'Established' ? 'InitialNamesAccepted' : 'NoConflicts', message: '', lastTransitionTime: now });
  await updateStatusOf(ctx, crds, crd, () => ({ acceptedNames: names, storedVersions: ['v1'], conditions: [condition('NamesAccepted'), condition('Established')] }));
  await customResources(ctx.store).refresh();
  const def = await customResources(ctx.store).find('example.com', 'v1', 'gadgets');
  if (!def) throw new Error('gadgets.example.com is not served');
  return def;
}
