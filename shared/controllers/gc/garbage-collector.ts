import type { OwnerReference } from '../../api/types';
import { RESOURCES, resourceByKind } from '../../registry/catalog';
import type { RestContext } from '../../registry/context';
import { KubeObject, ResourceDef, storageKey } from '../../registry/resource';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { get, list, R, remove, update } from '../client';
import { Controller } from '../controller';
import { canonicalJson } from '../workloads/pod-template-hash';
import { imagesOf } from '../workloads/record-images';
import { groupOf } from '../workloads/routing';
import { DependentAction, FOREGROUND, gcFinalizerPending, GcObject, ORPHAN, OwnerState, ownerState, planDependent, planForeground, planOrphan, refsOf, withoutFinalizer, withoutRefs } from './gc-plan';

const NAME = 'garbagecollector';
/** The key "every object of a namespace": a scan for dependents whose owners are gone. */
const SCAN = '*';
/** How soon an owner deleting in the foreground looks again at the dependents it waits for. */
const FOREGROUND_POLL_SECONDS = 2;

const scanKey = (namespace: string): WorkKey => ({ resource: SCAN, namespace, name: SCAN, controller: NAME });

/** Events never own anything and come in floods; they are neither scanned nor routed. */
const DEPENDENT_KINDS = RESOURCES.filter((r) => r.namespaced && r.resource !== 'events');

interface Found {
  def: ResourceDef;
  obj: KubeObject;
}

/**
 * Upstream's garbage collector, without its in-memory graph. An object whose owner references
 * change (or that is deleted in the foreground or orphaning) is reconciled on its own: its owners
 * are read to decide. An object's removal names its namespace, whose reconcile scans every object
 * there for dependents left without owners; a periodic resync scans every namespace.
 */
export const garbageCollector: Controller = {
  name: NAME,
  filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: 'o#' }] } } } }],
  route(record, key) {
    if (!key || key.resource === 'events') return [];
    if (record.eventName === 'REMOVE') return key.namespace ? [scanKey(key.namespace)] : [];
    const images = imagesOf(record);
    const objectKey = { ...key, controller: NAME };
    if (!images.known || !images.new) return [objectKey];
    const next = images.new as GcObject;
    const refsChanged = refsOf(next).length > 0 && canonicalJson(refsOf(next)) !== canonicalJson(refsOf((images.old ?? {}) as GcObject));
    return refsChanged || gcFinalizerPending(next) ? [objectKey] : [];
  },
  async reconcile(ctx, key) {
    if (key.resource === SCAN) return scanNamespace(ctx, String(key.namespace));
    const def = RESOURCES.find((r) => storageKey(r) === key.resource);
    if (!def) return {};
    const obj = await get(ctx, def, key.namespace, key.name);
    if (!obj) return {};
    return collect(ctx, { def, obj });
  },
  async resync(ctx) {
    const keys = (await list(ctx, R.namespaces)).map((n) => scanKey(String(n.metadata.name)));
    for (const def of RESOURCES.filter((r) => !r.namespaced)) {
      for (const obj of await list(ctx, def)) {
        if (refsOf(obj as GcObject).length > 0 || gcFinalizerPending(obj as GcObject)) keys.push({ resource: storageKey(def), name: String(obj.metadata.name), controller: NAME });
      }
    }
    return keys;
  },
};

/** One object: act as an owner being deleted, or as a dependent whose owners may be gone. */
async function collect(ctx: RestContext, found: Found, scan?: Found[]): Promise<ReconcileResult> {
  const pending = gcFinalizerPending(found.obj as GcObject);
  if (pending) {
    const dependents = (scan ?? (await everyObject(ctx, found.obj.metadata.namespace))).filter((d) => refsOf(d.obj as GcObject).some((r) => r.uid === found.obj.metadata.uid));
    return pending === ORPHAN ? orphan(ctx, found, dependents) : foreground(ctx, found, dependents, scan);
  }
  if (refsOf(found.obj as GcObject).length === 0) return {};
  const states = await ownerStates(ctx, found, scan);
  const action = planDependent(found.obj as GcObject, (ref) => states.get(ref.uid) ?? 'unknown', scan ? hasDependents(found.obj, scan) : undefined);
  await act(ctx, found, action);
  return {};
}

async function foreground(ctx: RestContext, owner: Found, dependents: Found[], scan?: Found[]): Promise<ReconcileResult> {
  const everything = scan ?? (await everyObject(ctx, owner.obj.metadata.namespace));
  const byObject = new Map(dependents.map((d) => [d.obj as GcObject, d]));
  const views = [];
  for (const d of dependents) {
    const states = await ownerStates(ctx, d, everything);
    views.push({ obj: d.obj as GcObject, state: (ref: OwnerReference) => states.get(ref.uid) ?? 'unknown', hasDependents: hasDependents(d.obj, everything) });
  }
  const plan = planForeground(owner.obj as GcObject, views);
  for (const { obj, action } of plan.actions) await act(ctx, byObject.get(obj) as Found, action);
  if (!plan.removeFinalizer) return { requeueAfterSeconds: FOREGROUND_POLL_SECONDS };
  await update(ctx, owner.def, withoutFinalizer(owner.obj, FOREGROUND));
  return {};
}

async function orphan(ctx: RestContext, owner: Found, dependents: Found[]): Promise<ReconcileResult> {
  const released = planOrphan(owner.obj as GcObject, dependents.map((d) => d.obj as GcObject));
  for (let i = 0; i < released.length; i++) await update(ctx, dependents[i].def, released[i] as KubeObject);
  await update(ctx, owner.def, withoutFinalizer(owner.obj, ORPHAN));
  return {};
}

async function act(ctx: RestContext, found: Found, action: DependentAction): Promise<void> {
  if (action.kind === 'removeRefs') await update(ctx, found.def, withoutRefs(found.obj, action.uids));
  if (action.kind === 'delete') await remove(ctx, found.def, found.obj, { propagationPolicy: action.policy });
}

/**
 * The state of each owner, by uid. A scan's listing answers for owners it saw; an owner it did not
 * see is read again (consistently) before it is called absent, since lists of different kinds are
 * read at different moments and a new owner may postdate its kind's list.
 */
async function ownerStates(ctx: RestContext, found: Found, scan?: Found[]): Promise<Map<string, OwnerState>> {
  const states = new Map<string, OwnerState>();
  for (const ref of refsOf(found.obj as GcObject)) {
    const seen = scan?.find((s) => s.obj.metadata.uid === ref.uid);
    if (seen) {
      states.set(ref.uid, ownerState(ref, seen.obj as GcObject));
      continue;
    }
    const def = resourceByKind(groupOf(ref.apiVersion), ref.kind);
    if (!def) {
      states.set(ref.uid, 'unknown');
      continue;
    }
    const owner = await get(ctx, def, def.namespaced ? found.obj.metadata.namespace : undefined, ref.name);
    states.set(ref.uid, ownerState(ref, owner as GcObject | undefined));
  }
  return states;
}

const hasDependents = (obj: KubeObject, everything: Found[]): boolean =>
  everything.some((d) => refsOf(d.obj as GcObject).some((r) => r.uid === obj.metadata.uid));

/** Every object that may be a dependent: in `namespace`, or anywhere for a cluster-scoped owner. */
async function everyObject(ctx: RestContext, namespace: string | undefined): Promise<Found[]> {
  const all: Found[] = [];
  for (const def of DEPENDENT_KINDS) for (const obj of await list(ctx, def, namespace)) all.push({ def, obj });
  return all;
}

/**
 * A namespace's scan: owners deleting in the foreground or orphaning are finished, and every object
 * with an owner the scan did not see is collected.
 */
async function scanNamespace(ctx: RestContext, namespace: string): Promise<ReconcileResult> {
  const everything = await everyObject(ctx, namespace);
  const uids = new Set(everything.map((f) => f.obj.metadata.uid));
  let requeue: number | undefined;
  let failure: unknown;
  for (const found of everything) {
    const obj = found.obj as GcObject;
    // Dependents of an owner deleting in the foreground are that owner's business, below or above.
    const suspect = gcFinalizerPending(obj) || refsOf(obj).some((r) => !uids.has(r.uid));
    if (!suspect) continue;
    try {
      const result = await collect(ctx, found, everything);
      if (result.requeueAfterSeconds !== undefined) requeue = Math.min(requeue ?? Infinity, result.requeueAfterSeconds);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
  return requeue === undefined ? {} : { requeueAfterSeconds: requeue };
}
