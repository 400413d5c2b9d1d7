import type { OwnerReference } from '../../api/types';
import type { RestContext } from '../../registry/context';
import { KubeObject, ResourceDef, storageKey, viewOf } from '../../registry/resource';
import { listCacheOf } from '../../storage/list-cache';
import { collectedKinds, kindOfOwner, kindOfStorageKey } from './kinds';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { forEachLimit } from '../../concurrency';
import { current, get, getMany, remove, update } from '../client';
import { Controller, reconcileEach } from '../controller';
import { canonicalJson } from '../workloads/pod-template-hash';
import { imagesOf } from '../workloads/record-images';
import { groupOf as apiGroupOf } from '../workloads/routing';
import { DependentAction, FOREGROUND, gcFinalizerPending, GcObject, ORPHAN, OwnerState, ownerState, planDependent, planForeground, planOrphan, refsOf, withoutFinalizer, withoutRefs } from './gc-plan';

const NAME = 'garbagecollector';
/** The kind scans read from the collector's cache rather than from a Query (everyObject). */
const CACHED = 'pods';
/** The key "every object of a namespace": a scan for dependents whose owners are gone. */
const SCAN = '*';
/** How soon an owner deleting in the foreground looks again at the dependents it waits for. */
const FOREGROUND_POLL_SECONDS = 2;

const scanKey = (namespace: string): WorkKey => ({ resource: SCAN, namespace, name: SCAN, controller: NAME });
/** Kinds the resync lists at once across the cluster. */
const RESYNC_LISTS = 4;

interface Found {
  def: ResourceDef;
  obj: KubeObject;
}

/**
 * Upstream's garbage collector, without its in-memory graph. An object whose owner references
 * change (or that is deleted in the foreground or orphaning) is reconciled on its own: its owners
 * are read to decide. An object's removal names its namespace, whose reconcile scans every object
 * there for dependents left without owners; a periodic resync scans every namespace that holds one.
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
    const def = await kindOfStorageKey(ctx, key.resource);
    if (!def) return {};
    const obj = await get(ctx, def, key.namespace, key.name);
    if (!obj) return {};
    return collect(ctx, { def, obj });
  },
  /** A batch's objects of one kind in one namespace go together (collectGroup); scans go alone. */
  groupOf: (key) => (key.resource === SCAN ? undefined : `${key.resource}/${key.namespace ?? ''}`),
  reconcileGroup: collectGroup,
  /**
   * One list of each kind across the cluster nominates the namespaces whose scan has a suspect;
   * only those are scanned (each lists every kind again, as any scan does, and decides on what it
   * reads then). Scanning every namespace cost a list of every kind in each (a revision read and a
   * query each, nearly all of kinds with no object there) to find, most of the time, nothing.
   */
  async resync(ctx) {
    const byNamespace = new Map<string, Found[]>();
    const listed = await everyObject(ctx, undefined, RESYNC_LISTS);
    const clusterOwners = await clusterOwnerUids(ctx, listed);
    for (const found of listed) {
      const namespace = String(found.obj.metadata.namespace);
      if (!byNamespace.has(namespace)) byNamespace.set(namespace, []);
      byNamespace.get(namespace)?.push(found);
    }
    const keys = [...byNamespace].filter(([, everything]) => suspectsOf(everything, clusterOwners).length > 0).map(([namespace]) => scanKey(namespace));
    for (const def of (await collectedKinds(ctx)).filter((r) => !r.namespaced)) {
      for (const obj of await current(ctx, def)) {
        if (refsOf(obj as GcObject).length > 0 || gcFinalizerPending(obj as GcObject)) keys.push({ resource: storageKey(def), name: String(obj.metadata.name), controller: NAME });
      }
    }
    return keys;
  },
};

/**
 * One object: act as an owner being deleted, or as a dependent whose owners may be gone. A scan
 * only nominates suspects: what is decided is decided on the object read again now, and on state
 * read after it, never on the scan's listing, whose kinds were listed at different moments (a slow
 * scan may hold a dependent from before its owner released it, or miss a dependent created after
 * its kind was listed while holding its owner as marked for orphaning later).
 */
async function collect(ctx: RestContext, suspect: Found, scan?: Found[]): Promise<ReconcileResult> {
  const found = scan ? await reread(ctx, suspect) : suspect;
  if (!found) return {};
  const pending = gcFinalizerPending(found.obj as GcObject);
  if (pending) {
    // Listed after the owner was read marked: every dependent created before the mark is in it.
    const everything = await everyObject(ctx, found.obj.metadata.namespace);
    const dependents = everything.filter((d) => refsOf(d.obj as GcObject).some((r) => r.uid === found.obj.metadata.uid));
    return pending === ORPHAN ? orphan(ctx, found, dependents) : foreground(ctx, found, dependents, everything);
  }
  if (refsOf(found.obj as GcObject).length === 0) return {};
  const states = await ownerStates(ctx, found);
  const action = planDependent(found.obj as GcObject, (ref) => states.get(ref.uid) ?? 'unknown', scan ? hasDependents(found.obj, scan) : undefined);
  await act(ctx, found, action);
  return {};
}

/**
 * Objects of one kind in one namespace (a batch's new pods of ReplicaSets, say), each as
 * `reconcile` takes it, in two batch reads where each would read itself and then its owners: the
 * objects, then every owner they name, read after them (as `ownerStates` reads after its one
 * dependent). Each key is decided alone (reconcileEach).
 */
async function collectGroup(ctx: RestContext, keys: WorkKey[]): Promise<ReconcileResult[]> {
  const def = await kindOfStorageKey(ctx, keys[0].resource);
  if (!def) return keys.map(() => ({}));
  const objs = await getMany(ctx, def, keys[0].namespace, keys.map((k) => k.name));
  const dependents = objs.flatMap((obj) => (obj && !gcFinalizerPending(obj as GcObject) && refsOf(obj as GcObject).length > 0 ? [{ def, obj }] : []));
  const stateOf = await readOwners(ctx, dependents);
  return reconcileEach(objs, async (obj) => {
    if (!obj) return {};
    if (gcFinalizerPending(obj as GcObject)) return collect(ctx, { def, obj });
    const found = { def, obj };
    if (refsOf(obj as GcObject).length > 0) await act(ctx, found, planDependent(obj as GcObject, (ref) => stateOf(found, ref), undefined));
    return {};
  });
}

/**
 * Every owner the dependents name, read now, in one batch read per kind and namespace: the state
 * of each of a dependent's references, as `ownerStates` answers it for one.
 */
async function readOwners(ctx: RestContext, dependents: Found[]): Promise<(dependent: Found, ref: OwnerReference) => OwnerState> {
  const kinds = new Map<string, ResourceDef | undefined>();
  const kindKey = (ref: OwnerReference) => `${ref.apiVersion}/${ref.kind}`;
  const whereOf = (d: Found, def: ResourceDef) => ({ def, namespace: def.namespaced ? d.obj.metadata.namespace : undefined });
  const at = ({ def, namespace }: { def: ResourceDef; namespace?: string }) => `${storageKey(def)}/${namespace ?? ''}`;
  const wanted = new Map<string, { def: ResourceDef; namespace?: string; names: Set<string> }>();
  for (const d of dependents) {
    for (const ref of refsOf(d.obj as GcObject)) {
      if (!kinds.has(kindKey(ref))) kinds.set(kindKey(ref), await kindOfOwner(ctx, apiGroupOf(ref.apiVersion), ref.kind));
      const def = kinds.get(kindKey(ref));
      if (!def) continue;
      const where = whereOf(d, def);
      if (!wanted.has(at(where))) wanted.set(at(where), { ...where, names: new Set() });
      wanted.get(at(where))?.names.add(ref.name);
    }
  }
  const owners = new Map<string, GcObject | undefined>();
  for (const [place, { def, namespace, names }] of wanted) {
    const read = await getMany(ctx, def, namespace, [...names]);
    [...names].forEach((name, i) => owners.set(`${place}/${name}`, read[i] as GcObject | undefined));
  }
  return (d, ref) => {
    const def = kinds.get(kindKey(ref));
    return def ? ownerState(ref, owners.get(`${at(whereOf(d, def))}/${ref.name}`)) : 'unknown';
  };
}

/** The object as stored now, unless it is gone or replaced by a namesake. */
async function reread(ctx: RestContext, found: Found): Promise<Found | undefined> {
  const { namespace, name, uid } = found.obj.metadata;
  const obj = await get(ctx, found.def, namespace, String(name));
  return obj && obj.metadata.uid === uid ? { def: found.def, obj } : undefined;
}

async function foreground(ctx: RestContext, owner: Found, dependents: Found[], everything: Found[]): Promise<ReconcileResult> {
  const byObject = new Map(dependents.map((d) => [d.obj as GcObject, d]));
  const views = [];
  for (const d of dependents) {
    const states = await ownerStates(ctx, d);
    views.push({ obj: d.obj as GcObject, state: (ref: OwnerReference) => states.get(ref.uid) ?? 'unknown', hasDependents: hasDependents(d.obj, everything) });
  }
  const plan = planForeground(owner.obj as GcObject, views);
  for (const { obj, action } of plan.actions) await act(ctx, byObject.get(obj) as Found, action);
  if (!plan.removeFinalizer) return { requeueAfterSeconds: FOREGROUND_POLL_SECONDS };
  // Pinned to the copy read before the dependents were listed: a change since is a Conflict, and a retry.
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
  if (action.kind !== 'delete') return;
  // As upstream: only the copy the decision was made on is deleted (uid and resourceVersion
  // preconditions); one changed since (released by an orphaning owner, say) is judged again on its
  // next change or the resync.
  const { uid, resourceVersion } = found.obj.metadata;
  await remove(ctx, found.def, found.obj, { propagationPolicy: action.policy, preconditions: { uid: String(uid), resourceVersion: String(resourceVersion) } });
}

/**
 * The state of each owner, by uid, read now (upstream's live GET by name, its uid compared) after
 * the dependent was read: an owner read absent released the dependent first if it orphaned it, and
 * then the dependent's resourceVersion has moved on.
 */
async function ownerStates(ctx: RestContext, found: Found): Promise<Map<string, OwnerState>> {
  const states = new Map<string, OwnerState>();
  for (const ref of refsOf(found.obj as GcObject)) {
    const def = await kindOfOwner(ctx, apiGroupOf(ref.apiVersion), ref.kind);
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

/**
 * Every object that may be a dependent: in `namespace`, or anywhere for a cluster-scoped owner.
 * Kinds are read one after another unless `concurrency` says otherwise (the resync's reading
 * across the cluster reads several at once); the objects come in the kinds' order either way.
 * Each kind is one consistent Query of what is committed now (`current`), not a list at a
 * resolved revision: nothing here is watched from, kinds are read at different moments anyway,
 * and what the scan decides it decides on objects read again; a dependent committed before an
 * owner was read marked is in what is read after it either way. Pods, the kind a namespace holds
 * most of, come from this process's cache of them instead (list-cache.ts): as of a revision
 * resolved now, so they hold every dependent the Query would, for the log's records since the last
 * scan where the Query reads every pod again after each pod's removal.
 */
async function everyObject(ctx: RestContext, namespace: string | undefined, concurrency = 1): Promise<Found[]> {
  const kinds = (await collectedKinds(ctx)).filter((r) => r.namespaced);
  const listed: Found[][] = [];
  await forEachLimit([...kinds.keys()], concurrency, async (i) => {
    listed[i] = (await objectsOf(ctx, kinds[i], namespace)).map((obj) => ({ def: kinds[i], obj }));
  });
  return listed.flat();
}

async function objectsOf(ctx: RestContext, def: ResourceDef, namespace: string | undefined): Promise<KubeObject[]> {
  const key = storageKey(def);
  if (key !== CACHED) return current(ctx, def, namespace);
  return (await listCacheOf(ctx.store, NAME, key).read(namespace)).items.map((o) => viewOf<KubeObject>(o));
}

/**
 * A namespace's scan: owners deleting in the foreground or orphaning are finished, and every object
 * with an owner the scan did not see is collected.
 */
async function scanNamespace(ctx: RestContext, namespace: string): Promise<ReconcileResult> {
  const everything = await everyObject(ctx, namespace);
  let requeue: number | undefined;
  let failure: unknown;
  for (const found of suspectsOf(everything, await clusterOwnerUids(ctx, everything))) {
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

/**
 * The uids of the cluster-scoped objects of every kind the objects' references name, listed now
 * (one list per kind): a namespace's listing never holds such an owner, so without them every
 * dependent of a cluster-scoped owner (each node's Lease, of its Node) was a suspect of every scan
 * and of every resync, and was read again with its owner (two reads per node each time). Listed
 * after the objects: an owner deleted since the objects were listed is missing, and its dependents
 * are suspects, decided on what is read then.
 */
async function clusterOwnerUids(ctx: RestContext, everything: Found[]): Promise<Set<string>> {
  const kinds = new Map<string, ResourceDef>();
  const seen = new Set<string>();
  for (const { obj } of everything) {
    for (const ref of refsOf(obj as GcObject)) {
      const kindKey = `${ref.apiVersion}/${ref.kind}`;
      if (seen.has(kindKey)) continue;
      seen.add(kindKey);
      const def = await kindOfOwner(ctx, apiGroupOf(ref.apiVersion), ref.kind);
      if (def && !def.namespaced) kinds.set(storageKey(def), def);
    }
  }
  const uids = new Set<string>();
  for (const def of kinds.values()) for (const owner of await current(ctx, def)) uids.add(String(owner.metadata.uid));
  return uids;
}

/**
 * What a scan of one namespace's objects looks at: owners deleting in the foreground or orphaning
 * (their dependents are that owner's business, below or above), and objects with an owner neither
 * the listing nor `clusterOwners` (the cluster-scoped owners it names, listed after it) holds.
 */
function suspectsOf(everything: Found[], clusterOwners: ReadonlySet<string>): Found[] {
  const uids = new Set([...everything.map((f) => String(f.obj.metadata.uid)), ...clusterOwners]);
  return everything.filter(({ obj }) => gcFinalizerPending(obj as GcObject) || refsOf(obj as GcObject).some((r) => !uids.has(r.uid)));
}
