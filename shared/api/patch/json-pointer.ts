/** RFC 6901 JSON Pointer helpers for the JSON Patch engine. */
import { isJsonObject, JsonObject, JsonValue } from './json';

export type Container = JsonObject | JsonValue[];

/** A pointer's last step: the container it lives in and the (unescaped) key or index there. */
export interface Location {
  readonly parent: Container;
  readonly key: string;
}

/** Splits "/a/b~1c" into ["a", "b/c"]; "" is the whole document ([]); undefined if malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  // ~1 before ~0, so "~01" decodes to "~1" and not "/".
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An existing array index: canonical digits only (RFC 6901 forbids "01", "-1", "+1"). */
export function arrayIndex(token: string, length: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index < length ? index : undefined;
}

export function isContainer(value: JsonValue | undefined): value is Container {
  return Array.isArray(value) || isJsonObject(value);
}

/** The value at `key` in a container, or undefined when there is none. */
export function childOf(parent: Container, key: string): JsonValue | undefined {
  if (Array.isArray(parent)) {
    const index = arrayIndex(key, parent.length);
    return index === undefined ? undefined : parent[index];
  }
  return Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
}

/**
 * Resolves all but the last token, returning where the last token would live. Undefined when an
 * intermediate step is missing or is not a container ("doc is missing path" upstream).
 */
export function locate(root: JsonValue, tokens: readonly string[]): Location | undefined {
  let current: JsonValue | undefined = root;
  for (const token of tokens.slice(0, -1)) {
    if (!isContainer(current)) return undefined;
    current = childOf(current, token);
  }
  return isContainer(current) ? { parent: current, key: tokens[tokens.length - 1] } : undefined;
}
