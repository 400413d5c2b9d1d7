import { AlreadyExistsError, ConflictError, NotFoundError } from '../api/errors';
import { findResource } from '../registry/catalog';
import { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { createObjects } from '../registry/create-many';
import { deleteObject, DeleteOptions } from '../registry/delete';
import { KubeObject, ResourceDef, Stored, storageKey, storedObject, viewOf } from '../registry/resource';

export type { Stored };
import { updateObject } from '../registry/update';
import type * as t from '../api/types';

/**
 * A resource as controllers address it: the registry's definition, typed by the kind it holds (a
 * phantom type, never present at run time), so `get`, `list` and `update` answer `Pod`,
 * `Deployment`, ... instead of bare objects.
 */
export type Handle<T extends object = KubeObject> = ResourceDef & { readonly __kind?: T };



/**
 * What controllers use to read and write objects: the registry itself (the same validation,
 * defaulting and conditional writes as the API), addressed by group/version/resource.
 */
export function resource<T extends object = KubeObject>(group: string, version: string, name: string): Handle<T> {
  const def = findResource(group, version, name);
  if (!def) throw new Error(`unknown resource ${group}/${version}/${name}`);
  return def;
}

export const R = {
  namespaces: resource<t.Namespace>('', 'v1', 'namespaces'),
  pods: resource<t.Pod>('', 'v1', 'pods'),
  services: resource<t.Service>('', 'v1', 'services'),
  configmaps: resource<t.ConfigMap>('', 'v1', 'configmaps'),
  endpoints: resource<t.Endpoints>('', 'v1', 'endpoints'),
  serviceaccounts: resource<t.ServiceAccount>('', 'v1', 'serviceaccounts'),
  nodes: resource<t.Node>('', 'v1', 'nodes'),
  events: resource<t.Event>('', 'v1', 'events'),
  deployments: resource<t.Deployment>('apps', 'v1', 'deployments'),
  replicasets: resource<t.ReplicaSet>('apps', 'v1', 'replicasets'),
  daemonsets: resource<t.DaemonSet>('apps', 'v1', 'daemonsets'),
  controllerrevisions: resource<t.ControllerRevision>('apps', 'v1', 'controllerrevisions'),
  jobs: resource<t.Job>('batch', 'v1', 'jobs'),
  cronjobs: resource<t.CronJob>('batch', 'v1', 'cronjobs'),
  endpointslices: resource<t.EndpointSlice>('discovery.k8s.io', 'v1', 'endpointslices'),
  leases: resource<t.Lease>('coordination.k8s.io', 'v1', 'leases'),
  horizontalpodautoscalers: resource<t.HorizontalPodAutoscaler>('autoscaling', 'v2', 'horizontalpodautoscalers'),
  statefulsets: resource<t.StatefulSet>('apps', 'v1', 'statefulsets'),
  persistentvolumeclaims: resource<t.PersistentVolumeClaim>('', 'v1', 'persistentvolumeclaims'),
  persistentvolumes: resource<t.PersistentVolume>('', 'v1', 'persistentvolumes'),
  storageclasses: resource<t.StorageClass>('storage.k8s.io', 'v1', 'storageclasses'),
  replicationcontrollers: resource<t.ReplicationController>('', 'v1', 'replicationcontrollers'),
  ingresses: resource<t.Ingress>('networking.k8s.io', 'v1', 'ingresses'),
  ingressclasses: resource<t.IngressClass>('networking.k8s.io', 'v1', 'ingressclasses'),
  resourcequotas: resource<t.ResourceQuota>('', 'v1', 'resourcequotas'),
  poddisruptionbudgets: resource<t.PodDisruptionBudget>('policy', 'v1', 'poddisruptionbudgets'),
};

/** How a component writes: no dry run, no field validation, its own name as field manager. */
export const systemWrite = (ctx: RestContext) => ({ dryRun: false, fieldValidation: 'Ignore' as const, fieldManager: ctx.fieldManager });

export async function get<T extends object>(ctx: RestContext, def: Handle<T>, namespace: string | undefined, name: string): Promise<Stored<T> | undefined> {
  const obj = await ctx.store.get(storageKey(def), def.namespaced ? namespace : undefined, name);
  return obj ? viewOf<T>(obj) : undefined;
}

/** Several objects of one kind in one namespace, each as `get` reads it, in one batch read; in the order of `names`. */
export async function getMany<T extends object>(ctx: RestContext, def: Handle<T>, namespace: string | undefined, names: readonly string[]): Promise<(Stored<T> | undefined)[]> {
  const objs = await ctx.store.getMany(storageKey(def), def.namespaced ? namespace : undefined, names);
  return objs.map((obj) => (obj ? viewOf<T>(obj) : undefined));
}

/**
 * Every object of a resource (in `namespace`), as of one revision. One list without a page limit:
 * the store reads the partition in DynamoDB's own pages, whereas pages of 1,000 objects re-read the
 * part of the DynamoDB page past each 1,000th object (and the revision once more per page), and the
 * caller holds every object in the end either way.
 */
export async function list<T extends object>(ctx: RestContext, def: Handle<T>, namespace?: string): Promise<Stored<T>[]> {
  return (await ctx.store.list(storageKey(def), namespace)).items.map((o) => viewOf<T>(o));
}

/**
 * The objects as committed now, in one consistent Query and without the revision a list resolves
 * first: for reads that decide from the objects alone and never watch from a list's revision.
 */
export async function current<T extends object>(ctx: RestContext, def: Handle<T>, namespace?: string): Promise<Stored<T>[]> {
  return (await ctx.store.current(storageKey(def), namespace)).map((o) => viewOf<T>(o));
}

export async function create<T extends object>(ctx: RestContext, def: Handle<T>, namespace: string | undefined, obj: object): Promise<Stored<T> | undefined> {
  try {
    return viewOf<T>((await createObject(ctx, def, namespace, obj, systemWrite(ctx))).object);
  } catch (err) {
    if (err instanceof AlreadyExistsError) return undefined;
    throw err;
  }
}

/**
 * Several objects of one resource and namespace, admitted one by one and committed together where
 * they can be (see createObjects): per object, its stored copy, undefined when one of that name
 * exists already (as `create`), or the reason it was refused.
 */
export async function createMany<T extends object>(ctx: RestContext, def: Handle<T>, namespace: string | undefined, objs: readonly object[]): Promise<PromiseSettledResult<Stored<T> | undefined>[]> {
  const results = await createObjects(ctx, def, namespace, objs, systemWrite(ctx));
  return results.map((r) => {
    if (r.status === 'fulfilled') return { status: 'fulfilled', value: viewOf<T>(r.value.object) };
    return r.reason instanceof AlreadyExistsError ? { status: 'fulfilled', value: undefined } : r;
  });
}

/** A conditional update from `obj` as read (its resourceVersion pins it): a Conflict means re-read. */
export async function update<T extends object>(ctx: RestContext, def: Handle<T>, obj: T, subresource?: 'status'): Promise<Stored<T>> {
  const stored = storedObject(obj);
  return viewOf<T>(
    (await updateObject(ctx, def, stored.metadata.namespace, String(stored.metadata.name), subresource, () => stored, systemWrite(ctx))).object,
  );
}

/** The identity a delete needs: any object read from storage has it. */
type Identified = { metadata?: { namespace?: string; name?: string; uid?: string } };

export async function remove(ctx: RestContext, def: ResourceDef, obj: Identified, opts: Partial<DeleteOptions> = {}): Promise<void> {
  const meta = obj.metadata ?? {};
  try {
    await deleteObject(ctx, def, meta.namespace, String(meta.name), {
      dryRun: false,
      preconditions: { uid: meta.uid as string },
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
