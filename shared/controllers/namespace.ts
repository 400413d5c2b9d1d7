import { allResources } from '../registry/custom/registry';
import { KubeObject, storageKey } from '../registry/resource';
import { Controller, objectsOf } from './controller';
import { get, list, R, remove } from './client';

type Obj = Record<string, unknown>;

/**
 * Namespace lifecycle, as upstream's namespace controller: a Terminating namespace has everything
 * in it deleted; once empty, its `kubernetes` finalizer is dropped and the namespace removed.
 */
export const namespaceController: Controller = {
  name: 'namespace',
  filters: [objectsOf('namespaces')],
  route: (_record, key) => (key ? [{ ...key, controller: 'namespace' }] : []),
  async reconcile(ctx, key) {
    const ns = await get(ctx, R.namespaces, undefined, key.name);
    if (!ns || !ns.metadata.deletionTimestamp) return {};
    let remaining = 0;
    // Custom resources too: one version of each is enough, they share their storage.
    const defs = new Map((await allResources(ctx.store)).filter((r) => r.namespaced).map((r) => [storageKey(r), r]));
    for (const def of defs.values()) {
      for (const obj of await list(ctx, def, key.name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) await remove(ctx, def, obj, { propagationPolicy: 'Background' });
      }
    }
    if (remaining > 0) return { requeueAfterSeconds: 1 };
    await finalize(ctx, ns);
    return {};
  },
  async resync(ctx) {
    const all = await list(ctx, R.namespaces);
    return all.filter((n) => n.metadata.deletionTimestamp).map((n) => ({ resource: 'namespaces', name: String(n.metadata.name), controller: 'namespace' }));
  },
};

async function finalize(ctx: Parameters<Controller['reconcile']>[0], ns: KubeObject): Promise<void> {
  const spec = (ns.spec ?? {}) as Obj;
  const metaFinalizers = (ns.metadata.finalizers as string[] | undefined) ?? [];
  const rest = ((spec.finalizers as string[] | undefined) ?? []).filter((f) => f !== 'kubernetes');
  if (rest.length > 0 || metaFinalizers.length > 0) {
    if (rest.length !== ((spec.finalizers as string[] | undefined) ?? []).length) {
      const next = { ...ns, spec: { ...spec, finalizers: rest } };
      await ctx.store.update(storageKey(R.namespaces), next, String(ns.metadata.resourceVersion));
    }
    return;
  }
  await ctx.store.delete(storageKey(R.namespaces), ns, String(ns.metadata.resourceVersion));
}
