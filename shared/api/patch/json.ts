/**
 * JSON value helpers shared by the patch engines. Every engine first copies its inputs with
 * toJsonValue, so the rest of the code may mutate freely while callers' objects stay untouched.
 */
import { PatchError } from './errors';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: object): boolean {
  // Compared by tag, not prototype identity: objects from structuredClone or another VM realm
  // (jest's sandbox) have a different Object.prototype.
  return Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * Deep-copies a JSON-compatible value. Object properties that are `undefined` are dropped (as
 * JSON.stringify would), so zod-parsed objects with absent optionals are accepted.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (Array.isArray(value)) {
    return value.map(toJsonValue);
  } else if (typeof value === 'object' && isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toJsonValue(v);
    }
    return out;
  }
  throw new PatchError('invalid JSON document');
}

/** Structural equality; object key order does not matter, array order does. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The JSON type names Go's encoding/json uses in "cannot unmarshal X into ..." errors. */
export function goJsonTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** Go's reflect type names, for mergepatch's "expected a X, but received a Y" errors. */
export function goTypeName(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** Go's %v rendering (`map[k:v]`, `[a b]`), so strategic-merge errors read like upstream's. */
export function goFormat(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${k}:${goFormat(value[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/**
 * Deep equality of JSON-shaped values whatever realm built them (structuredClone's copies are not
 * JSON.parse's objects to node:util's isDeepStrictEqual); `undefined` equals only `undefined`.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(toJsonValue(a), toJsonValue(b));
}
