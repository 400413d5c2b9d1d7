/**
 * List merging for strategic merge patch (apimachinery `strategicpatch.mergeSlice`): merging by
 * key or by value, `$patch` list elements, and upstream's ordering rules. Ordering follows
 * upstream exactly, including its quirk that items new to the list land before the server's
 * remaining items unless the client sends `$setElementOrder`.
 */
import { PatchError } from './errors';
import { goFormat, goTypeName, isJsonObject, jsonEqual, JsonObject, JsonValue } from './json';
import { errBadArgType, errBadPatchType, errNoListOfLists, errNoMergeKey, GO_MAP } from './strategic-errors';

export const DIRECTIVE = '$patch';

/** Lets list merging recurse into element maps without an import cycle. */
export interface ListMergeContext {
  mergeMap(original: JsonObject, patch: JsonObject, path: string): JsonObject;
}

/** The common element kind of the lists, as upstream's sliceElementType; undefined if all empty. */
export function elementKind(...lists: JsonValue[][]): 'map' | 'scalar' | undefined {
  let first: string | undefined;
  for (const value of lists.flat()) {
    if (Array.isArray(value)) throw errNoListOfLists();
    const type = goTypeName(value);
    if (first === undefined) first = type;
    else if (first !== type) throw new PatchError(`list element types are not identical: ${goFormat(lists)}`);
  }
  if (first === undefined) return undefined;
  return first === GO_MAP ? 'map' : 'scalar';
}

export function requireMergeKey(item: JsonValue, mergeKey: string): JsonObject {
  if (!isJsonObject(item)) throw errBadArgType(GO_MAP, item);
  if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
  return item;
}

/** What identifies an element: its merge-key value for maps, itself for scalars. */
function identity(item: JsonValue, mergeKey: string | undefined): JsonValue | undefined {
  if (mergeKey === undefined) return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

function indexIn(order: readonly JsonValue[], item: JsonValue, mergeKey: string | undefined): number {
  const id = identity(item, mergeKey);
  return order.findIndex((o) => jsonEqual(identity(o, mergeKey), id));
}

/** Whether a live element carries the same merge-key value as a patch element. */
function sameKey(live: JsonValue, element: JsonObject, mergeKey: string): boolean {
  return isJsonObject(live) && mergeKey in live && jsonEqual(live[mergeKey], element[mergeKey]);
}

export function isDeleteDirective(item: JsonValue): boolean {
  return isJsonObject(item) && item[DIRECTIVE] === 'delete';
}

/** Sorts `items` by their position in `order`; items absent from `order` keep their relative place. */
function sortByOrder(items: JsonValue[], order: readonly JsonValue[], mergeKey: string | undefined): JsonValue[] {
  let kept = items;
  let deletions: JsonValue[] = [];
  if (mergeKey !== undefined) {
    items.forEach((i) => requireMergeKey(i, mergeKey));
    order.forEach((o) => requireMergeKey(o, mergeKey));
    kept = items.filter((i) => !isDeleteDirective(i));
    deletions = items.filter(isDeleteDirective);
  }
  const ranked = kept.map((item, at) => ({ item, at, rank: indexIn(order, item, mergeKey) }));
  ranked.sort((a, b) => {
    if (a.rank >= 0 && b.rank >= 0) return a.rank - b.rank;
    if (a.rank >= 0 !== b.rank >= 0) return a.rank >= 0 ? -1 : 1;
    return a.at - b.at;
  });
  return [...ranked.map((r) => r.item), ...deletions];
}

/**
 * upstream mergeSortedSlice: interleaves server-only items (`left`) into patch items (`right`),
 * taking a server item first only when both appear in the live list and it came earlier there.
 */
function interleave(
  left: JsonValue[],
  right: JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Splits `items` into those named in `by` (the patch's) and the server-only rest. */
export function partition(
  items: JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string | undefined,
): [JsonValue[], JsonValue[]] {
  const inPatch: JsonValue[] = [];
  const serverOnly: JsonValue[] = [];
  for (const item of items) {
    if (mergeKey !== undefined) requireMergeKey(item, mergeKey);
    const id = identity(item, mergeKey);
    const named = (b: JsonValue): boolean => mergeKey === undefined || (isJsonObject(b) && mergeKey in b);
    (by.some((b) => named(b) && jsonEqual(identity(b, mergeKey), id)) ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

/** Upstream's precedence: patch (or $setElementOrder) order, then the live list's order. */
export function normalizeOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const patchSorted = sortByOrder(patchItems, patchOrder, mergeKey);
  const serverSorted = sortByOrder(serverOnly, serverOrder, mergeKey);
  return interleave(serverSorted, patchSorted, serverOrder, mergeKey);
}

/** Applies `$patch: delete` / `$patch: replace` elements; returns the new original and the plain patch items. */
function applyElementDirectives(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  ctx: ListMergeContext,
  itemPath: string,
): [JsonValue[], JsonValue[]] {
  let remaining = original;
  const plain: JsonValue[] = [];
  let replace = false;
  for (const item of patch) {
    const element = item as JsonObject;
    if (!(DIRECTIVE in element)) {
      plain.push(element);
      continue;
    }
    const directive = element[DIRECTIVE];
    if (directive === 'delete') {
      if (!(mergeKey in element)) throw errNoMergeKey(element, mergeKey);
      remaining = remaining.filter((o) => !sameKey(o, element, mergeKey));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, element);
    }
  }
  // Replacing still runs the items through mergeMap so nulls and directives never reach storage.
  if (replace) return [plain.map((p) => ctx.mergeMap({}, p as JsonObject, itemPath)), []];
  return [remaining, plain];
}

function mergeByKey(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  ctx: ListMergeContext,
  itemPath: string,
): JsonValue[] {
  const merged = [...original];
  for (const item of patch) {
    const element = requireMergeKey(item, mergeKey);
    const at = merged.findIndex((o) => sameKey(o, element, mergeKey));
    if (at >= 0) merged[at] = ctx.mergeMap(merged[at] as JsonObject, element, itemPath);
    else merged.push(ctx.mergeMap({}, element, itemPath));
  }
  return merged;
}

function dedupe(values: JsonValue[]): JsonValue[] {
  return values.filter((v, i) => values.findIndex((w) => jsonEqual(v, w)) === i);
}

/**
 * Merges a `patchStrategy:"merge"` list. Lists of maps merge element-wise by `mergeKey`; lists of
 * scalars are unioned, or, for a `$deleteFromPrimitiveList` list, have its values removed.
 */
export function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string | undefined,
  isDeleteList: boolean,
  ctx: ListMergeContext,
  itemPath: string,
): JsonValue[] {
  const kind = elementKind(original, patch);
  if (kind === undefined) return original;
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => jsonEqual(d, v)));
    const [inPatch, serverOnly] = partition(dedupe([...original, ...patch]), patch, undefined);
    return normalizeOrder(inPatch, serverOnly, patch, original, undefined);
  }
  if (mergeKey === undefined) throw new PatchError('cannot merge lists without merge key for type map');
  const [base, items] = applyElementDirectives(original, patch, mergeKey, ctx, itemPath);
  const [inPatch, serverOnly] = partition(mergeByKey(base, items, mergeKey, ctx, itemPath), items, mergeKey);
  return normalizeOrder(inPatch, serverOnly, items, base, mergeKey);
}
