import { isJsonObject, JsonObject, JsonValue, toJsonValue } from '../patch/json';
import type { ManagedFieldsEntry } from '../types/meta';
import { apiVersionOf, hasStatus, KubeObject, ResourceDef } from '../../registry/resource';
import { nowTimestamp } from '../../registry/time';
import { capUpdateManagers, decodeManagers, encodeManagers, managerKey, Managers } from './managers';
import { ownedPart } from './owned';
import { zeroValue } from './schema';
import { Typed } from './typed';
import { customTypeSchema } from './type-schema';
import type { JSONSchemaProps } from '../types/apiextensions/crd';

export interface UpdateRequest {
  kind: string;
  /** A custom resource's OpenAPI schema: its list and map types decide how it merges. */
  schema?: JSONSchemaProps;
  apiVersion: string;
  hasStatus: boolean;
  /** The stored object before the write; undefined for a create. */
  live: JsonObject | undefined;
  /** The object about to be stored (defaulted, with its managedFields as the client sent them). */
  next: JsonObject;
  /** The writer; without one, ownership of changed fields is only taken from others. */
  manager: string | undefined;
  subresource?: string;
  now?: string;
}

/**
 * The managedFields after a create, update or non-apply patch, as upstream's field manager
 * computes them: the writer's Update entry gains every field the write added or changed (taken
 * from whoever owned it: updates never conflict), and fields the write removed leave every set.
 */
export function updateManagedFields(req: UpdateRequest): ManagedFieldsEntry[] {
  const t = new Typed(req.kind, req.schema ? customTypeSchema(req.kind, req.schema) : undefined);
  const scope = req.subresource === 'status' ? 'status' : 'main';
  const managers = baseManagers(req);
  const before = req.live ?? (zeroValue(req.kind) as JsonObject);
  const diff = t.compare(ownedPart(before, scope, req.hasStatus), ownedPart(req.next, scope, req.hasStatus));
  const taken = diff.added.union(diff.modified);
  for (const m of managers.values()) m.set = m.set.difference(taken).difference(diff.removed);
  if (req.manager !== undefined && !taken.isEmpty()) {
    const key = managerKey({ manager: req.manager, operation: 'Update', apiVersion: req.apiVersion, subresource: req.subresource });
    const previous = managers.get(key);
    managers.set(key, {
      manager: req.manager,
      operation: 'Update',
      apiVersion: req.apiVersion,
      time: req.now ?? nowTimestamp(),
      subresource: req.subresource,
      set: previous ? previous.set.union(taken) : taken,
    });
  }
  for (const [k, m] of managers) if (m.set.isEmpty()) managers.delete(k);
  capUpdateManagers(managers);
  return encodeManagers(managers);
}

/**
 * Upstream's decodeLiveOrNew: a write may set managedFields itself (an empty list resets them),
 * except through a subresource; a write that leaves them out keeps the stored ones.
 */
function baseManagers(req: UpdateRequest): Managers {
  const live = managedFieldsOf(req.live);
  if (req.subresource) return decodeManagers(live);
  const sent = managedFieldsOf(req.next);
  if (Array.isArray(sent) && (sent.length === 0 || (sent.length === 1 && isJsonObject(sent[0]) && Object.keys(sent[0]).length === 0))) {
    return new Map();
  }
  const decoded = decodeManagers(sent);
  return decoded.size > 0 ? decoded : decodeManagers(live);
}

function managedFieldsOf(obj: JsonObject | undefined): JsonValue | undefined {
  const meta = obj?.metadata;
  return isJsonObject(meta) ? meta.managedFields : undefined;
}

/**
 * Records the writer's Update entry on `next` (in place): call after the object to store is
 * final (merged and defaulted), for every write that is not a server-side apply.
 * `previous` is the stored object (undefined on create); `manager` comes from fieldManagerName.
 */
export function recordUpdate(def: ResourceDef, previous: KubeObject | undefined, next: KubeObject, manager: string | undefined, subresource?: string): void {
  const entries = updateManagedFields({
    kind: def.kind,
    schema: def.custom?.schema,
    apiVersion: apiVersionOf(def),
    hasStatus: hasStatus(def),
    live: previous ? (toJsonValue(previous) as JsonObject) : undefined,
    next: toJsonValue(next) as JsonObject,
    manager,
    subresource,
  });
  if (entries.length > 0) next.metadata.managedFields = entries;
  else delete next.metadata.managedFields;
}

/** Longest manager name upstream accepts. */
const FIELD_MANAGER_MAX_LENGTH = 128;

/**
 * The manager a write is recorded under, as upstream's managerOrUserAgent: the `fieldManager`
 * query parameter, else the User-Agent up to its first `/` (`kubectl/v1.33.9 (linux/amd64) ...`
 * is `kubectl`), printable characters only, at most 128 bytes.
 */
export function fieldManagerName(fieldManager: string | undefined, userAgent: string | undefined): string | undefined {
  if (fieldManager) return fieldManager;
  if (userAgent === undefined) return undefined;
  let out = '';
  for (const ch of userAgent.split('/')[0]) {
    if (!/\P{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}
