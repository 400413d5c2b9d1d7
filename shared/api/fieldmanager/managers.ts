import type { ManagedFieldsEntry } from '../types/meta';
import { FieldSet } from './fieldset';

export type Operation = 'Apply' | 'Update';

/** One managedFields entry with its field set decoded. */
export interface Manager {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

/** Managers by identity (see managerKey). */
export type Managers = Map<string, Manager>;

/** Update entries beyond this many are folded, oldest first, into `ancient-changes` (upstream's cap). */
export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT_CHANGES = 'ancient-changes';

/**
 * A manager's identity, as upstream's BuildManagerIdentifier: the entry without its fields and
 * time, and for appliers without the apiVersion (a manager applies as one, whatever the version).
 */
export function managerKey(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({
    manager: m.manager,
    operation: m.operation,
    ...(m.operation === 'Update' ? { apiVersion: m.apiVersion } : {}),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  });
}

/** Reads `metadata.managedFields`; entries that are not valid FieldsV1 are dropped, as upstream resets them. */
export function decodeManagers(raw: unknown): Managers {
  const out: Managers = new Map();
  if (!Array.isArray(raw)) return out;
  for (const e of raw as ManagedFieldsEntry[]) {
    if (!e || typeof e !== 'object' || (e.operation !== 'Apply' && e.operation !== 'Update')) continue;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') continue;
    const m: Manager = {
      manager: e.manager ?? '',
      operation: e.operation,
      apiVersion: e.apiVersion ?? '',
      set: FieldSet.fromFieldsV1(e.fieldsV1),
    };
    if (e.time) m.time = e.time;
    if (e.subresource) m.subresource = e.subresource;
    out.set(managerKey(m), m);
  }
  return out;
}

/** Writes managers back in upstream's order: Apply before Update, then oldest first, then by name. */
export function encodeManagers(managers: Managers): ManagedFieldsEntry[] {
  const entries = [...managers.values()].filter((m) => !m.set.isEmpty());
  entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      cmp(seconds(p.time), seconds(q.time)) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return entries.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/** Folds the oldest Update managers into one `ancient-changes` entry per apiVersion, keeping at most `max`. */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === 'Update' && m.manager !== ANCIENT_CHANGES);
  let excess = [...managers.values()].filter((m) => m.operation === 'Update').length - max;
  if (excess <= 0) return;
  updaters.sort(([ka, a], [kb, b]) => cmp(seconds(a.time), seconds(b.time)) || cmp(ka, kb));
  const firstOfVersion = new Map<string, string>();
  for (const [key, m] of updaters) {
    if (excess <= 0) break;
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, key);
      continue;
    }
    const bucketKey = managerKey({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: m.apiVersion });
    if (!managers.has(bucketKey)) {
      const moved = managers.get(first) as Manager;
      managers.delete(first);
      managers.set(bucketKey, { ...moved, manager: ANCIENT_CHANGES, subresource: undefined });
    }
    const bucket = managers.get(bucketKey) as Manager;
    bucket.set = bucket.set.union(m.set);
    bucket.time = m.time;
    managers.delete(key);
    excess--;
  }
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
