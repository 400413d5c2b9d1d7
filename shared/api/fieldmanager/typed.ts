import { isJsonObject, jsonEqual, JsonObject, JsonValue } from '../patch/json';
import { FieldSet } from './fieldset';
import { fieldElement, indexElement, keyElement, Path, PathElement, valueElement } from './path';
import type { ListType } from './schema';
import { builtinTypeSchema, TypeSchema } from './type-schema';

/**
 * structured-merge-diff's operations on objects of one kind: the field set of a value, the
 * comparison of two values, merging an applied configuration into a live object, and removing
 * a set of fields. Values are plain JSON; `undefined` means absent, `null` is a value.
 */
export class Typed {
  constructor(
    readonly kind: string,
    private readonly types: TypeSchema = builtinTypeSchema(kind),
  ) {}

  /** The fields `value` sets: every scalar, every list item, and atomic lists and structs whole. */
  toFieldSet(value: JsonValue): FieldSet {
    const set = new FieldSet();
    this.collect(value, '', [], set);
    return set;
  }

  /** What changed from `lhs` to `rhs`: added and removed nodes, modified leaves. */
  compare(lhs: JsonValue, rhs: JsonValue): Comparison {
    const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
    this.compareNode(lhs, rhs, '', [], c);
    return c;
  }

  /** The live object with the applied configuration merged in (`rhs` wins; lists by their list type). */
  merge(lhs: JsonValue | undefined, rhs: JsonValue | undefined, path = ''): JsonValue | undefined {
    if (rhs === undefined) return lhs;
    if (Array.isArray(rhs)) {
      const lt = this.types.listTypeAt(path);
      if (lt.type === 'atomic' || !Array.isArray(lhs)) return rhs;
      return this.mergeList(lhs, rhs, path, lt);
    }
    if (isJsonObject(rhs)) {
      if (!isJsonObject(lhs) || this.types.isAtomicStruct(path)) return rhs;
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(lhs)) {
        const merged = k in rhs ? this.merge(v, rhs[k], child(path, k)) : v;
        if (merged !== undefined) out[k] = merged;
      }
      for (const [k, v] of Object.entries(rhs)) if (!(k in lhs)) out[k] = v;
      return out;
    }
    return rhs;
  }

  /** `value` without the fields (and list items) that are members of `set`. */
  removeItems(value: JsonValue, set: FieldSet, path = ''): JsonValue {
    if (Array.isArray(value)) {
      const lt = this.types.listTypeAt(path);
      if (lt.type === 'atomic') return value;
      const out: JsonValue[] = [];
      value.forEach((item, i) => {
        const pe = this.itemElement(lt, item, i);
        if (set.members.has(pe)) return;
        const sub = set.children.get(pe);
        out.push(sub ? this.removeItems(item, sub, `${path}[]`) : item);
      });
      return out;
    }
    if (isJsonObject(value) && !this.types.isAtomicStruct(path)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const pe = fieldElement(k);
        if (set.members.has(pe)) continue;
        const sub = set.children.get(pe);
        out[k] = sub ? this.removeItems(v, sub, child(path, k)) : v;
      }
      return out;
    }
    return value;
  }

  /** The path element of a list item: its key fields, its value, or (no usable key) its index. */
  itemElement(lt: ListType, item: JsonValue, index: number): PathElement {
    if (lt.type === 'set' && !isJsonObject(item) && !Array.isArray(item)) return valueElement(item);
    if (lt.type === 'map' && isJsonObject(item)) {
      const fields: Record<string, unknown> = {};
      for (const key of lt.keys) {
        const v = item[key] ?? lt.defaults?.[key];
        if (v === undefined || v === null || typeof v === 'object') return indexElement(index);
        fields[key] = v;
      }
      return keyElement(fields);
    }
    return indexElement(index);
  }

  private collect(value: JsonValue, path: string, fpath: Path, set: FieldSet): void {
    if (Array.isArray(value)) {
      const lt = this.types.listTypeAt(path);
      if (lt.type === 'atomic') return set.insert(fpath);
      value.forEach((item, i) => {
        const itemPath = [...fpath, this.itemElement(lt, item, i)];
        this.collect(item, `${path}[]`, itemPath, set);
        set.insert(itemPath);
      });
      return;
    }
    if (isJsonObject(value)) {
      if (this.types.isAtomicStruct(path)) return set.insert(fpath);
      for (const [k, v] of Object.entries(value)) this.collect(v, child(path, k), [...fpath, fieldElement(k)], set);
      return;
    }
    set.insert(fpath);
  }

  private compareNode(l: JsonValue | undefined, r: JsonValue | undefined, path: string, fpath: Path, c: Comparison): void {
    const shape = this.shapeOf(l, r, path);
    if (shape === 'list') this.compareLists(asList(l), asList(r), path, fpath, c);
    else if (shape === 'map') {
      const lo = isJsonObject(l) ? l : {};
      const ro = isJsonObject(r) ? r : {};
      for (const k of new Set([...Object.keys(lo), ...Object.keys(ro)])) {
        this.compareNode(lo[k], ro[k], child(path, k), [...fpath, fieldElement(k)], c);
      }
    } else {
      if (l === undefined) c.added.insert(fpath);
      else if (r === undefined) c.removed.insert(fpath);
      else if (!jsonEqual(l, r)) c.modified.insert(fpath);
      return;
    }
    // A node (map, list or item) that appears or disappears is itself added or removed.
    if (l === undefined) c.added.insert(fpath);
    else if (r === undefined) c.removed.insert(fpath);
  }

  private compareLists(l: JsonValue[], r: JsonValue[], path: string, fpath: Path, c: Comparison): void {
    const lt = this.types.listTypeAt(path);
    const index = (items: JsonValue[]) => {
      const m = new Map<PathElement, JsonValue>();
      items.forEach((item, i) => {
        const pe = this.itemElement(lt, item, i);
        if (!m.has(pe)) m.set(pe, item);
      });
      return m;
    };
    const li = index(l);
    const ri = index(r);
    for (const pe of new Set([...li.keys(), ...ri.keys()])) this.compareNode(li.get(pe), ri.get(pe), `${path}[]`, [...fpath, pe], c);
  }

  /** Whether a node is walked as a list, a map, or compared whole (scalars, atomics, empty on both sides). */
  private shapeOf(l: JsonValue | undefined, r: JsonValue | undefined, path: string): 'list' | 'map' | 'leaf' {
    const nullish = (v: JsonValue | undefined) => v === undefined || v === null;
    const empty = (v: JsonValue | undefined) => nullish(v) || (Array.isArray(v) ? v.length === 0 : isJsonObject(v) && Object.keys(v).length === 0);
    if (empty(l) && empty(r)) return 'leaf';
    if ((Array.isArray(l) || nullish(l)) && (Array.isArray(r) || nullish(r))) {
      return this.types.listTypeAt(path).type === 'atomic' ? 'leaf' : 'list';
    }
    if ((isJsonObject(l) || nullish(l)) && (isJsonObject(r) || nullish(r))) {
      return this.types.isAtomicStruct(path) ? 'leaf' : 'map';
    }
    return 'leaf';
  }

  /**
   * Merges two keyed or set lists the way structured-merge-diff orders them: the applied items in
   * their applied order, live-only items kept where they were.
   */
  private mergeList(lhs: JsonValue[], rhs: JsonValue[], path: string, lt: ListType): JsonValue[] {
    const keyed = (items: JsonValue[]) => {
      const order: PathElement[] = [];
      const byKey = new Map<PathElement, JsonValue>();
      items.forEach((item, i) => {
        const pe = this.itemElement(lt, item, i);
        if (byKey.has(pe)) return;
        byKey.set(pe, item);
        order.push(pe);
      });
      return { order, byKey };
    };
    const l = keyed(lhs);
    const r = keyed(rhs);
    const shared = r.order.filter((pe) => l.byKey.has(pe));
    let nextShared = shared.shift();
    const out: JsonValue[] = [];
    const take = (pe: PathElement, fromR: boolean) => {
      const merged = fromR ? this.merge(l.byKey.get(pe), r.byKey.get(pe), `${path}[]`) : l.byKey.get(pe);
      if (merged !== undefined && merged !== null) out.push(merged);
    };
    let li = 0;
    let ri = 0;
    while (li < l.order.length || ri < r.order.length) {
      if (li < l.order.length && ri < r.order.length) {
        const pe = l.order[li];
        if (pe === r.order[ri]) {
          take(pe, true);
          li++;
          ri++;
          nextShared = shared.shift();
          continue;
        }
        if (r.byKey.has(pe) && nextShared !== undefined && nextShared !== pe) {
          li++;
          continue;
        }
      }
      if (li < l.order.length && !r.byKey.has(l.order[li])) {
        take(l.order[li++], false);
        continue;
      }
      if (ri < r.order.length) {
        const pe = r.order[ri++];
        take(pe, true);
        if (nextShared === pe) nextShared = shared.shift();
        continue;
      }
      li++;
    }
    return out;
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function asList(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}
