import { compareElements, Path, PathElement } from './path';

export type { Path, PathElement } from './path';

type FieldsV1 = { [key: string]: FieldsV1 };

/**
 * A set of field paths, as structured-merge-diff keeps them for managedFields: a trie whose
 * edges are path elements spelled the way fieldsV1 spells them:
 *
 * - `f:<name>`: a field of a struct or a key of a map (`f:spec`, `f:app.kubernetes.io/name`);
 * - `k:<json>`: an item of a keyed list, by its key fields (`k:{"name":"web"}`);
 * - `v:<json>`: an item of a set-like list, by its value (`v:"example.com/finalizer"`);
 * - `i:<n>`: an item of a list by position (only where an item has no usable key).
 *
 * `members` are the paths that end at this node; `children` the subtrees below it. A path may be
 * both (a list item that is owned itself and has owned fields), which fieldsV1 writes as `.`.
 */
export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    if (path.length === 1) {
      this.members.add(path[0]);
      return;
    }
    let child = this.children.get(path[0]);
    if (!child) this.children.set(path[0], (child = new FieldSet()));
    child.insert(path.slice(1));
  }

  has(path: Path): boolean {
    const node = this.nodeAt(path.slice(0, -1));
    return path.length > 0 && node !== undefined && node.members.has(path[path.length - 1]);
  }

  /** Whether the set holds `path` itself or anything below it. */
  hasPrefix(path: Path): boolean {
    if (this.has(path)) return true;
    const node = this.nodeAt(path);
    return node !== undefined && !node.isEmpty();
  }

  /** The subtree below `path`, if any. */
  nodeAt(path: Path): FieldSet | undefined {
    if (path.length === 0) return this;
    return this.children.get(path[0])?.nodeAt(path.slice(1));
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) out.members.add(m);
    for (const m of other.members) out.members.add(m);
    for (const [pe, child] of this.children) {
      const theirs = other.children.get(pe);
      out.children.set(pe, theirs ? child.union(theirs) : child.clone());
    }
    for (const [pe, child] of other.children) if (!this.children.has(pe)) out.children.set(pe, child.clone());
    return out.pruned();
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [pe, child] of this.children) {
      const theirs = other.children.get(pe);
      out.children.set(pe, theirs ? child.difference(theirs) : child.clone());
    }
    return out.pruned();
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [pe, child] of this.children) {
      const theirs = other.children.get(pe);
      if (theirs) out.children.set(pe, child.intersection(theirs));
    }
    return out.pruned();
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  clone(): FieldSet {
    return this.union(new FieldSet());
  }

  /** Every path in the set, in structured-merge-diff's order: a node's members, then its children, each sorted. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = [...this.members].sort(compareElements).map((m) => [...prefix, m]);
    for (const pe of [...this.children.keys()].sort(compareElements)) {
      out.push(...(this.children.get(pe) as FieldSet).paths([...prefix, pe]));
    }
    return out;
  }

  /** The fieldsV1 encoding (what `metadata.managedFields[].fieldsV1` holds). */
  toFieldsV1(): FieldsV1 {
    const out: FieldsV1 = {};
    const keys = new Set([...this.members, ...this.children.keys()]);
    for (const pe of [...keys].sort(compareElements)) {
      const child = this.children.get(pe);
      if (child && !child.isEmpty()) out[pe] = { ...(this.members.has(pe) ? { '.': {} } : {}), ...child.toFieldsV1() };
      else out[pe] = {};
    }
    return out;
  }

  static fromFieldsV1(raw: unknown): FieldSet {
    const set = new FieldSet();
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return set;
    for (const [pe, sub] of Object.entries(raw as Record<string, unknown>)) {
      if (pe === '.') continue;
      const entries = sub && typeof sub === 'object' && !Array.isArray(sub) ? Object.keys(sub) : [];
      if (entries.length === 0 || entries.includes('.')) set.members.add(pe);
      if (entries.some((k) => k !== '.')) set.children.set(pe, FieldSet.fromFieldsV1(sub));
    }
    return set;
  }

  private pruned(): FieldSet {
    for (const [pe, child] of this.children) if (child.isEmpty()) this.children.delete(pe);
    return this;
  }
}
