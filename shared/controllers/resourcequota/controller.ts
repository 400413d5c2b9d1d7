/**
 * The resource quota controller: each ResourceQuota's status.hard mirrors spec.hard and status.used
 * is recounted from the namespace's objects (upstream's resourcequota-controller), on a quota's
 * change, on a change of an object it may count, and on resync.
 */
import type { ResourceQuota } from '../../api/types';
import { formatMilli, formatOf } from '../../admission/quantity';
import { inScope, keyOfResourceName, usageOf } from '../../admission/quota/usage';
import type { KubeObject } from '../../registry/resource';
import { Controller, objectsOf } from '../controller';
import { current, get, list, R, update } from '../client';
import { ConflictError } from '../../api/errors';

const NAME = 'resourcequota';
const COUNTED = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims'];

async function itemsOf(ctx: Parameters<Controller['reconcile']>[0], key: string, namespace: string): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list(key, namespace, { after, limit: 1000 });
    items.push(...(page.items as KubeObject[]));
    after = page.continueAfter;
  } while (after);
  return items;
}

async function recount(ctx: Parameters<Controller['reconcile']>[0], quota: ResourceQuota): Promise<void> {
  const namespace = String(quota.metadata?.namespace);
  const hard = (quota.spec?.hard ?? {}) as Record<string, string | number>;
  const keys = new Set(Object.keys(hard).map(keyOfResourceName).filter((k): k is string => k !== undefined));
  const sums: Record<string, number> = Object.fromEntries(Object.keys(hard).map((r) => [r, 0]));
  for (const key of keys) {
    for (const obj of await itemsOf(ctx, key, namespace)) {
      if (obj.metadata.deletionTimestamp && key !== 'pods') continue;
      if (!inScope(quota, key, obj)) continue;
      for (const [r, v] of Object.entries(usageOf(key, obj))) if (r in sums) sums[r] += v;
    }
  }
  const used = Object.fromEntries(Object.entries(sums).map(([r, v]) => [r, formatMilli(v, formatOf(hard[r]))]));
  const status = { hard, used };
  if (JSON.stringify(quota.status) === JSON.stringify(status)) return;
  await update(ctx, R.resourcequotas, { ...(quota as KubeObject), status }, 'status');
}

export const resourceQuotaController: Controller = {
  name: NAME,
  filters: [objectsOf('resourcequotas'), ...COUNTED.map(objectsOf)],
  route(_record, key) {
    if (!key?.namespace) return [];
    if (key.resource === 'resourcequotas') return [{ resource: 'resourcequotas', namespace: key.namespace, name: key.name, controller: NAME }];
    return [{ resource: 'resourcequotas', namespace: key.namespace, name: '*', controller: NAME }];
  },
  async reconcile(ctx, key) {
    const quotas =
      key.name === '*'
        ? await current(ctx, R.resourcequotas, key.namespace)
        : [await get(ctx, R.resourcequotas, key.namespace, key.name)].filter((q): q is KubeObject => q !== undefined);
    for (const quota of quotas) {
      try {
        await recount(ctx, quota as ResourceQuota);
      } catch (err) {
        if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
        throw err;
      }
    }
    return {};
  },
  async resync(ctx) {
    return (await list(ctx, R.resourcequotas)).map((q) => ({
      resource: 'resourcequotas',
      namespace: String(q.metadata.namespace),
      name: String(q.metadata.name),
      controller: NAME,
    }));
  },
};
