import { isJsonObject, JsonObject, JsonValue } from '../patch/json';
import { nowTimestamp } from '../../registry/time';
import { Conflict, ApplyConflictError } from './conflict';
import { FieldSet } from './fieldset';
import { decodeManagers, encodeManagers, Manager, managerKey, Managers } from './managers';
import { ownedPart, withoutNulls } from './owned';
import { zeroValue } from './schema';
import { Typed } from './typed';
import { customTypeSchema } from './type-schema';
import type { JSONSchemaProps } from '../types/apiextensions/crd';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Owns the fields of an object that had no managedFields when it was first applied to. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';
/** kubectl's manager for `apply --server-side`; upstream gives it a path from client-side apply. */
const KUBECTL = 'kubectl';

export interface ApplyRequest {
  kind: string;
  /** A custom resource's OpenAPI schema: its list and map types decide how it merges. */
  schema?: JSONSchemaProps;
  apiVersion: string;
  /** Whether the kind has a status subresource (status is then not applied through the main resource). */
  hasStatus: boolean;
  /** The stored object, or undefined when the apply creates it. */
  live: JsonObject | undefined;
  config: JsonObject;
  manager: string;
  force: boolean;
  now?: string;
}

/**
 * Server-side apply, as structured-merge-diff's Updater.Apply and the apiserver's field manager
 * around it: merges the configuration into the live object, removes what this manager applied
 * before and no longer does (unless another manager owns it), refuses changes to fields other
 * managers own unless forced, and returns the object with its managedFields rewritten.
 */
export function applyFields(req: ApplyRequest): JsonObject {
  const t = new Typed(req.kind, req.schema ? customTypeSchema(req.kind, req.schema) : undefined);
  const now = req.now ?? nowTimestamp();
  const config = forMerge(req.config, req.hasStatus);
  const applied = t.toFieldSet(ownedPart(req.config, 'main', req.hasStatus));
  const key = managerKey({ manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion });
  const entry = (time: string | undefined): Manager => ({ manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion, time, set: applied });

  if (!req.live) {
    const created = withoutNulls(t.merge({}, config) as JsonObject) as JsonObject;
    return withManagedFields(created, new Map([[key, entry(now)]]));
  }

  const live = req.live;
  const managers = decodeManagers(metadataOf(live).managedFields);
  if (managers.size === 0) seedBeforeFirstApply(t, live, req, managers, now);
  const last = managers.get(key);
  let merged = t.merge(live, config) as JsonObject;
  if (last) merged = prune(t, merged, last.set, applied, managers, key);

  const diff = t.compare(ownedPart(live, 'main', req.hasStatus), ownedPart(merged, 'main', req.hasStatus));
  const changed = diff.added.union(diff.modified);
  const conflicts = conflictsWith(managers, key, changed);
  if (conflicts.length > 0 && !req.force && !allowedByLastApplied(t, live, req, conflicts)) throw new ApplyConflictError(conflicts);
  for (const [k, m] of managers) if (k !== key) m.set = m.set.difference(changed).difference(diff.removed);

  const objectChanged = !changed.isEmpty() || !diff.removed.isEmpty();
  const setChanged = !last || !last.set.equals(applied);
  managers.set(key, entry(objectChanged || setChanged ? now : last?.time));
  if (req.manager === KUBECTL) syncLastApplied(live, merged, req.config);
  return withManagedFields(withoutNulls(merged) as JsonObject, managers);
}

/** The configuration as merged: no managedFields or creationTimestamp, no status where /status owns it. */
function forMerge(config: JsonObject, hasStatus: boolean): JsonObject {
  const out: JsonObject = { ...config };
  if (hasStatus) delete out.status;
  if (isJsonObject(out.metadata)) {
    const meta = { ...out.metadata };
    delete meta.managedFields;
    delete meta.creationTimestamp;
    out.metadata = meta;
  }
  return out;
}

/** An object nobody manages yet: its existing fields belong to `before-first-apply` (an Update entry). */
function seedBeforeFirstApply(t: Typed, live: JsonObject, req: ApplyRequest, managers: Managers, now: string): void {
  const diff = t.compare(ownedPart(zeroValue(req.kind) as JsonObject, 'main', req.hasStatus), ownedPart(live, 'main', req.hasStatus));
  const set = diff.added.union(diff.modified);
  if (set.isEmpty()) return;
  const m: Manager = { manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: req.apiVersion, time: now, set };
  managers.set(managerKey(m), m);
}

/** Removes what the manager applied last time and no longer applies, unless another manager owns it. */
function prune(t: Typed, merged: JsonObject, last: FieldSet, applied: FieldSet, managers: Managers, key: string): JsonObject {
  let others = new FieldSet();
  for (const [k, m] of managers) if (k !== key) others = others.union(m.set);
  const remove = new FieldSet();
  for (const path of last.difference(applied).paths()) {
    if (!others.hasPrefix(path) && !applied.hasPrefix(path)) remove.insert(path);
  }
  return remove.isEmpty() ? merged : (t.removeItems(merged, remove) as JsonObject);
}

/** Fields the apply changes that other managers own, grouped as upstream reports them. */
function conflictsWith(managers: Managers, key: string, changed: FieldSet): Conflict[] {
  const out: Conflict[] = [];
  for (const k of [...managers.keys()].sort()) {
    if (k === key) continue;
    const manager = managers.get(k) as Manager;
    for (const path of manager.set.intersection(changed).paths()) out.push({ manager, path });
  }
  return out;
}

/**
 * kubectl moving from client-side to server-side apply: conflicts on fields its
 * last-applied-configuration annotation lists are its own, so they do not block the apply.
 */
function allowedByLastApplied(t: Typed, live: JsonObject, req: ApplyRequest, conflicts: Conflict[]): boolean {
  if (req.manager !== KUBECTL) return false;
  const raw = annotationsOf(live)[LAST_APPLIED_ANNOTATION];
  if (typeof raw !== 'string') return false;
  let lastApplied: JsonValue;
  try {
    lastApplied = JSON.parse(raw) as JsonValue;
  } catch {
    return false;
  }
  const allowed = t.toFieldSet(ownedPart(lastApplied, 'main', req.hasStatus));
  return conflicts.every((c) => allowed.has(c.path));
}

/** kubectl's server-side apply keeps an existing last-applied annotation in step with what it applied. */
function syncLastApplied(live: JsonObject, merged: JsonObject, config: JsonObject): void {
  if (typeof annotationsOf(live)[LAST_APPLIED_ANNOTATION] !== 'string') return;
  const copy = structuredClone(config);
  const meta = (isJsonObject(copy.metadata) ? copy.metadata : (copy.metadata = {})) as JsonObject;
  const annotations = isJsonObject(meta.annotations) ? meta.annotations : {};
  delete annotations[LAST_APPLIED_ANNOTATION];
  meta.annotations = annotations;
  merged.metadata = { ...metadataOf(merged), annotations: { ...annotationsOf(merged), [LAST_APPLIED_ANNOTATION]: sortedJson(copy) } };
}

function withManagedFields(obj: JsonObject, managers: Managers): JsonObject {
  const meta = metadataOf(obj);
  const entries = encodeManagers(managers);
  // Entries are plain JSON objects; an interface without an index signature is not provably a JsonValue.
  if (entries.length > 0) meta.managedFields = entries as unknown as JsonValue[];
  else delete meta.managedFields;
  return obj;
}

function metadataOf(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

function annotationsOf(obj: JsonObject): JsonObject {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  return isJsonObject(meta.annotations) ? meta.annotations : {};
}

/** JSON with object keys sorted, as Go encodes an unstructured object. */
function sortedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
