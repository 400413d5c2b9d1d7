import { isJsonObject, JsonObject, JsonValue } from '../patch/json';

/** Metadata the server sets; upstream's stripMeta leaves it out of every field set. */
const SERVER_METADATA = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'];

/** Which part of an object a write may own: the main resource (all but status) or the status subresource. */
export type Scope = 'main' | 'status';

/**
 * The part of an object whose fields managers own: no apiVersion, kind or server-set metadata,
 * and none of the fields the write resets (status on the main resource of a kind with a status
 * subresource; everything but status on /status), as upstream's strategies' GetResetFields.
 */
export function ownedPart(obj: JsonValue | undefined, scope: Scope, hasStatus: boolean): JsonObject {
  if (!isJsonObject(obj)) return {};
  if (scope === 'status') return obj.status === undefined ? {} : { status: obj.status };
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || (k === 'status' && hasStatus)) continue;
    if (k === 'metadata' && isJsonObject(v)) {
      const meta: JsonObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!SERVER_METADATA.includes(mk)) meta[mk] = mv;
      out.metadata = meta;
    } else out[k] = v;
  }
  return out;
}

/** Go's JSON null means absent: the merged object keeps no nulls the configuration used to clear fields. */
export function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}
