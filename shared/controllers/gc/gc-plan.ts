import type { ObjectMeta, OwnerReference } from '../../api/types';

/**
 * Upstream's garbage collector decisions (pkg/controller/garbagecollector/garbagecollector.go) as
 * pure functions of an object, the state of its owners and its dependents.
 */

export const FOREGROUND = 'foregroundDeletion';
export const ORPHAN = 'orphan';

export interface GcObject {
  metadata?: ObjectMeta;
}

/**
 * present: exists with the referenced uid. absent: not found, or a namesake with another uid
 * (dangling). waiting: being deleted in the foreground, waiting for its dependents. unknown: a kind
 * this cluster does not serve; treated as present, since the collector never deletes on doubt.
 */
export type OwnerState = 'present' | 'absent' | 'waiting' | 'unknown';

export type DeletePolicy = 'Background' | 'Foreground' | 'Orphan';

export type DependentAction =
  | { kind: 'none' }
  /** Drop references to owners that are gone or going, keeping the object for its live owners. */
  | { kind: 'removeRefs'; uids: string[] }
  | { kind: 'delete'; policy: DeletePolicy };

const finalizers = (o: GcObject): string[] => o.metadata?.finalizers ?? [];
export const hasFinalizer = (o: GcObject, f: string): boolean => finalizers(o).includes(f);
export const refsOf = (o: GcObject): OwnerReference[] => o.metadata?.ownerReferences ?? [];

/** Being deleted and waiting on the collector: foreground (delete dependents) or orphan (release them). */
export function gcFinalizerPending(o: GcObject): typeof FOREGROUND | typeof ORPHAN | undefined {
  if (!o.metadata?.deletionTimestamp) return undefined;
  if (hasFinalizer(o, FOREGROUND)) return FOREGROUND;
  if (hasFinalizer(o, ORPHAN)) return ORPHAN;
  return undefined;
}

/** Upstream's classifyReferences. */
export function classify(refs: OwnerReference[], state: (ref: OwnerReference) => OwnerState): { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] } {
  const out = { solid: [] as OwnerReference[], dangling: [] as OwnerReference[], waiting: [] as OwnerReference[] };
  for (const ref of refs) {
    const s = state(ref);
    if (s === 'absent') out.dangling.push(ref);
    else if (s === 'waiting') out.waiting.push(ref);
    else out.solid.push(ref);
  }
  return out;
}

/**
 * Upstream's attemptToDeleteItem for an object with owners: with a live owner it only drops the
 * references to owners that are gone or going; with none it is deleted — in the foreground if an
 * owner waits for it and it has dependents of its own, else by the policy its finalizers ask for.
 * `hasDependents` undefined means unknown: then an object an owner waits for is left to that
 * owner's reconcile, which knows.
 */
export function planDependent(obj: GcObject, state: (ref: OwnerReference) => OwnerState, hasDependents?: boolean): DependentAction {
  if (obj.metadata?.deletionTimestamp) return { kind: 'none' };
  const refs = refsOf(obj);
  if (refs.length === 0) return { kind: 'none' };
  const { solid, dangling, waiting } = classify(refs, state);
  if (solid.length > 0) {
    const uids = [...dangling, ...waiting].map((r) => r.uid);
    return uids.length > 0 ? { kind: 'removeRefs', uids } : { kind: 'none' };
  }
  if (waiting.length > 0) {
    if (hasDependents === undefined) return { kind: 'none' };
    if (hasDependents) return { kind: 'delete', policy: 'Foreground' };
  }
  const policy: DeletePolicy = hasFinalizer(obj, ORPHAN) ? 'Orphan' : hasFinalizer(obj, FOREGROUND) ? 'Foreground' : 'Background';
  return { kind: 'delete', policy };
}

export interface DependentView<T extends GcObject> {
  obj: T;
  /** The states of its owners (the owner being deleted among them, as waiting). */
  state: (ref: OwnerReference) => OwnerState;
  hasDependents: boolean;
}

/**
 * Upstream's processDeletingDependentsItem: every dependent without a live owner is deleted; the
 * owner keeps its foregroundDeletion finalizer while any dependent that blocks owner deletion remains.
 */
export function planForeground<T extends GcObject>(owner: GcObject, dependents: DependentView<T>[]): { actions: { obj: T; action: DependentAction }[]; removeFinalizer: boolean } {
  const uid = owner.metadata?.uid;
  const actions = dependents.map(({ obj, state, hasDependents }) => ({ obj, action: planDependent(obj, state, hasDependents) }));
  const blocking = actions.filter(({ obj, action }) => {
    const ref = refsOf(obj).find((r) => r.uid === uid);
    const released = action.kind === 'removeRefs' && action.uids.includes(String(uid));
    return ref?.blockOwnerDeletion === true && !released;
  });
  return { actions: actions.filter((a) => a.action.kind !== 'none'), removeFinalizer: blocking.length === 0 };
}

/** Upstream's orphanDependents: each dependent loses its reference to the owner; then the finalizer goes. */
export function planOrphan<T extends GcObject>(owner: GcObject, dependents: T[]): T[] {
  const uid = owner.metadata?.uid;
  return dependents.filter((d) => refsOf(d).some((r) => r.uid === uid)).map((d) => withoutRefs(d, [String(uid)]));
}

export function withoutRefs<T extends GcObject>(obj: T, uids: string[]): T {
  const copy = structuredClone(obj);
  const rest = refsOf(copy).filter((r) => !uids.includes(r.uid));
  const meta = (copy.metadata ??= {});
  if (rest.length > 0) meta.ownerReferences = rest;
  else delete meta.ownerReferences;
  return copy;
}

export function withoutFinalizer<T extends GcObject>(obj: T, finalizer: string): T {
  const copy = structuredClone(obj);
  const meta = (copy.metadata ??= {});
  meta.finalizers = finalizers(copy).filter((f) => f !== finalizer);
  return copy;
}

/** The state of an owner as read: absent when missing or replaced by a namesake. */
export function ownerState(ref: OwnerReference, owner: GcObject | undefined): OwnerState {
  if (!owner || owner.metadata?.uid !== ref.uid) return 'absent';
  return gcFinalizerPending(owner) === FOREGROUND ? 'waiting' : 'present';
}
