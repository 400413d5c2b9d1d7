/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`), applied the way
 * kube-apiserver does (apimachinery `strategicpatch.StrategicMergeMapPatch`). Where upstream reads
 * merge semantics from Go struct tags, we read a PatchStrategy table (see patch-strategies.ts).
 *
 * Directives: `$patch: replace|delete` (maps and list elements), `$retainKeys`,
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`; `null` deletes a key.
 * Pure: inputs are copied first. Unlike upstream, a value the original lacks is still run
 * through the merge, so directives and nulls inside it never reach the stored object.
 */
import { PatchError } from './errors';
import { goFormat, goJsonTypeName, isJsonObject, jsonEqual, JsonObject, JsonValue, toJsonValue } from './json';
import { FieldPatchStrategy, PatchStrategy } from './patch-strategies';
import {
  BAD_PRIMITIVE_LIST,
  BAD_RETAIN_KEYS,
  BAD_SET_ELEMENT_ORDER,
  errBadArgType,
  errBadPatchType,
  errNoMergeKey,
  GO_MAP,
  GO_SLICE,
  RETAIN_KEYS_MISMATCH,
} from './strategic-errors';
import {
  DIRECTIVE,
  elementKind,
  isDeleteDirective,
  ListMergeContext,
  mergeList,
  normalizeOrder,
  partition,
} from './strategic-merge-list';

export type { FieldPatchStrategy, ListStrategy, PatchStrategy } from './patch-strategies';
export { isStrategicMergeKind, mergeKeysFor } from './patch-strategies';

const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** `$setElementOrder/containers` -> `containers`; anything else with the prefix is malformed. */
function directiveTarget(key: string, prefix: string, malformed: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw new PatchError(malformed);
  return key.slice(slash + 1);
}

function mergeKeyValueEqual(left: JsonValue, right: JsonValue, mergeKey: string | undefined): boolean {
  if (mergeKey === undefined) return jsonEqual(left, right);
  if (!isJsonObject(left)) throw errBadArgType(GO_MAP, left);
  if (!isJsonObject(right)) throw errBadArgType(GO_MAP, right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return jsonEqual(left[mergeKey], right[mergeKey]);
}

/** The patch list must name its items in the same relative order as `$setElementOrder`. */
function validateElementOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string | undefined): void {
  if (patchList.length === 0 || order.length === 0) return;
  const items = mergeKey === undefined ? patchList : patchList.filter((i) => !isDeleteDirective(i));
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isJsonObject(item) && has(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length) {
    throw new PatchError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goFormat(order)}\n`,
    );
  }
}

class StrategicMerger implements ListMergeContext {
  constructor(private readonly strategy: PatchStrategy) {}

  private entry(path: string): FieldPatchStrategy | undefined {
    return has(this.strategy, path) ? this.strategy[path] : undefined;
  }

  mergeMap(original: JsonObject, patch: JsonObject, path: string): JsonObject {
    if (has(patch, DIRECTIVE)) return this.mapDirective(patch, path);
    this.retainKeys(original, patch);
    this.setElementOrders(original, patch, path);
    for (const [key, value] of Object.entries(patch)) this.mergeField(original, key, value, path);
    return original;
  }

  private mapDirective(patch: JsonObject, path: string): JsonObject {
    const { [DIRECTIVE]: directive, ...rest } = patch;
    if (directive === 'replace') return this.mergeMap({}, rest, path);
    // Upstream leaves an empty map behind rather than removing the key.
    if (directive === 'delete') return {};
    throw errBadPatchType(directive, patch);
  }

  /** `$retainKeys: [a, b]` clears every other field of the original before merging. */
  private retainKeys(original: JsonObject, patch: JsonObject): void {
    if (!has(patch, RETAIN_KEYS)) return;
    const keep = patch[RETAIN_KEYS];
    delete patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw new PatchError(BAD_RETAIN_KEYS);
    const kept = new Set(keep.filter((k): k is string => typeof k === 'string'));
    for (const [key, value] of Object.entries(patch)) {
      const directive = key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
      if (value !== null && !directive && !kept.has(key)) throw new PatchError(RETAIN_KEYS_MISMATCH);
    }
    for (const key of Object.keys(original)) if (!kept.has(key)) delete original[key];
  }

  /** Merges each list named by `$setElementOrder/<list>` and orders it as the directive says. */
  private setElementOrders(original: JsonObject, patch: JsonObject, path: string): void {
    for (const key of Object.keys(patch).filter((k) => k.startsWith(SET_ELEMENT_ORDER))) {
      const order = patch[key];
      delete patch[key];
      if (!Array.isArray(order)) throw errBadArgType(GO_SLICE, order);
      const field = directiveTarget(key, SET_ELEMENT_ORDER, BAD_SET_ELEMENT_ORDER);
      const current = has(original, field) ? original[field] : undefined;
      const incoming = has(patch, field) ? patch[field] : undefined;
      if (current !== undefined && !Array.isArray(current)) throw errBadArgType(GO_SLICE, current);
      if (incoming !== undefined && !Array.isArray(incoming)) throw errBadArgType(GO_SLICE, incoming);
      if (current === undefined && incoming === undefined) continue;
      delete patch[field];
      original[field] = this.orderedList(current, incoming, order, childPath(path, field));
    }
  }

  private orderedList(
    current: JsonValue[] | undefined,
    incoming: JsonValue[] | undefined,
    order: JsonValue[],
    path: string,
  ): JsonValue[] {
    const entry = this.entry(path);
    validateElementOrder(incoming ?? [], order, entry?.mergeKey);
    let merged: JsonValue[];
    if (current && incoming) merged = entry?.strategy === 'merge' ? this.list(current, incoming, entry, false, path) : incoming;
    else merged = current ?? (this.fresh(incoming ?? [], path) as JsonValue[]);
    const kind = elementKind(current ?? [], incoming ?? []);
    if (kind === undefined) return merged;
    const mergeKey = kind === 'map' ? entry?.mergeKey : undefined;
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    return normalizeOrder(inOrder, serverOnly, order, current ?? [], mergeKey);
  }

  private mergeField(original: JsonObject, key: string, value: JsonValue, path: string): void {
    const isDeleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    const field = isDeleteList ? directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST, BAD_PRIMITIVE_LIST) : key;
    if (isDeleteList && !Array.isArray(value)) throw new PatchError(BAD_PRIMITIVE_LIST);
    if (value === null) {
      delete original[field];
      return;
    }
    const fieldPath = childPath(path, field);
    const current = has(original, field) ? original[field] : undefined;
    if (isDeleteList) {
      // Deleting from a list the object does not have is a no-op, never an insertion.
      if (Array.isArray(current)) {
        original[field] = this.list(current, value as JsonValue[], this.entry(fieldPath), true, fieldPath);
      }
      return;
    }
    original[field] = current === undefined ? this.fresh(value, fieldPath) : this.mergeValue(current, value, fieldPath);
  }

  private mergeValue(current: JsonValue, value: JsonValue, path: string): JsonValue {
    const entry = this.entry(path);
    if (isJsonObject(current) && isJsonObject(value)) {
      return entry?.strategy === 'replace' ? this.fresh(value, path) : this.mergeMap(current, value, path);
    }
    if (Array.isArray(current) && Array.isArray(value)) {
      return entry?.strategy === 'merge' ? this.list(current, value, entry, false, path) : value;
    }
    return this.fresh(value, path);
  }

  /** A patch value with nothing to merge into: merged into an empty value to resolve directives. */
  private fresh(value: JsonValue, path: string): JsonValue {
    if (isJsonObject(value)) return this.mergeMap({}, value, path);
    const entry = this.entry(path);
    if (Array.isArray(value) && entry?.strategy === 'merge') return this.list([], value, entry, false, path);
    return value;
  }

  private list(
    current: JsonValue[],
    value: JsonValue[],
    entry: FieldPatchStrategy | undefined,
    isDeleteList: boolean,
    path: string,
  ): JsonValue[] {
    return mergeList(current, value, entry?.mergeKey, isDeleteList, this, `${path}[]`);
  }
}

/**
 * Applies a strategic merge patch to a copy of `original`, merging lists as `strategy` (usually
 * `mergeKeysFor(kind)`) says. Throws PatchError for malformed patches, with upstream's messages.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, strategy: PatchStrategy): JsonObject {
  const patchValue = toJsonValue(patch);
  if (patchValue !== null && !isJsonObject(patchValue)) {
    throw new PatchError(`json: cannot unmarshal ${goJsonTypeName(patchValue)} into Go value of type ${GO_MAP}`);
  }
  const originalValue = toJsonValue(original);
  if (originalValue !== null && !isJsonObject(originalValue)) throw new PatchError('invalid JSON document');
  return new StrategicMerger(strategy).mergeMap(originalValue ?? {}, patchValue ?? {}, '');
}
