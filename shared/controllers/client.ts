import { AlreadyExistsError, ConflictError, NotFoundError } from '../api/errors';
import { findResource } from '../registry/catalog';
import { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { deleteObject, DeleteOptions } from '../registry/delete';
import { KubeObject, ResourceDef, storageKey } from '../registry/resource';
import { updateObject } from '../registry/update';

/**
 * What controllers use to read and write objects: the registry itself (the same validation,
 * defaulting and conditional writes as the API), addressed by group/version/resource.
 */
export function resource(group: string, version: string, name: string): ResourceDef {
  const def = findResource(group, version, name);
  if (!def) throw new Error(`unknown resource ${group}/${version}/${name}`);
  return def;
}

export const R = {
  namespaces: resource('', 'v1', 'namespaces'),
  pods: resource('', 'v1', 'pods'),
  services: resource('', 'v1', 'services'),
  endpoints: resource('', 'v1', 'endpoints'),
  serviceaccounts: resource('', 'v1', 'serviceaccounts'),
  nodes: resource('', 'v1', 'nodes'),
  events: resource('', 'v1', 'events'),
  deployments: resource('apps', 'v1', 'deployments'),
  replicasets: resource('apps', 'v1', 'replicasets'),
  daemonsets: resource('apps', 'v1', 'daemonsets'),
  controllerrevisions: resource('apps', 'v1', 'controllerrevisions'),
  jobs: resource('batch', 'v1', 'jobs'),
  cronjobs: resource('batch', 'v1', 'cronjobs'),
  endpointslices: resource('discovery.k8s.io', 'v1', 'endpointslices'),
  leases: resource('coordination.k8s.io', 'v1', 'leases'),
  horizontalpodautoscalers: resource('autoscaling', 'v2', 'horizontalpodautoscalers'),
};

/** How a component writes: no dry run, no field validation, its own name as field manager. */
export const systemWrite = (ctx: RestContext) => ({ dryRun: false, fieldValidation: 'Ignore' as const, fieldManager: ctx.fieldManager });

export async function get(ctx: RestContext, def: ResourceDef, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
  return (await ctx.store.get(storageKey(def), def.namespaced ? namespace : undefined, name)) as KubeObject | undefined;
}

export async function list(ctx: RestContext, def: ResourceDef, namespace?: string): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list(storageKey(def), namespace, { after, limit: 1000 });
    items.push(...(page.items as KubeObject[]));
    after = page.continueAfter;
  } while (after);
  return items;
}

export async function create(ctx: RestContext, def: ResourceDef, namespace: string | undefined, obj: object): Promise<KubeObject | undefined> {
  try {
    return (await createObject(ctx, def, namespace, obj, systemWrite(ctx))).object;
  } catch (err) {
    if (err instanceof AlreadyExistsError) return undefined;
    throw err;
  }
}

/** A conditional update from `obj` as read (its resourceVersion pins it): a Conflict means re-read. */
export async function update(ctx: RestContext, def: ResourceDef, obj: KubeObject, subresource?: 'status'): Promise<KubeObject> {
  return (
    await updateObject(ctx, def, obj.metadata.namespace as string | undefined, String(obj.metadata.name), subresource, () => obj, systemWrite(ctx))
  ).object;
}

export async function remove(ctx: RestContext, def: ResourceDef, obj: KubeObject, opts: Partial<DeleteOptions> = {}): Promise<void> {
  try {
    await deleteObject(ctx, def, obj.metadata.namespace as string | undefined, String(obj.metadata.name), {
      dryRun: false,
      preconditions: { uid: obj.metadata.uid as string },
      ...opts,
    });
  } catch (err) {
    // Gone already, or replaced by a namesake (the uid precondition): either way not ours to delete.
    if (!(err instanceof NotFoundError) && !(err instanceof ConflictError)) throw err;
  }
}

/**
 * Rewrites an object's status from the copy stored now (re-read and retried on conflict), unless it
 * was replaced by a namesake or is gone. `change` returns the new status, or undefined to leave it.
 */
export async function updateStatusOf(
  ctx: RestContext,
  def: ResourceDef,
  obj: { metadata?: { namespace?: string; name?: string; uid?: string } },
  change: (current: KubeObject) => unknown,
): Promise<void> {
  const meta = obj.metadata ?? {};
  try {
    await updateObject(ctx, def, meta.namespace, String(meta.name), 'status', (current) => {
      if (current.metadata.uid !== meta.uid) return current;
      const status = change(current);
      return status === undefined ? current : { ...current, status };
    }, systemWrite(ctx));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
