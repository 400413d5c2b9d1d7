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
export type PathElement = string;
export type Path = readonly PathElement[];

type FieldsV1 = { [key: string]: FieldsV1 };

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

/** A field element: `f:<name>`. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** A keyed list item: `k:{"containerPort":80,"protocol":"TCP"}`, key fields sorted by name. */
export function keyElement(fields: Record<string, unknown>): PathElement {
  const sorted = Object.keys(fields)
    .sort()
    .map((k) => [k, fields[k]]);
  return `k:${JSON.stringify(Object.fromEntries(sorted))}`;
}

/** A set item, by value: `v:"a"`. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(index: number): PathElement {
  return `i:${index}`;
}

/** A path as upstream prints it in conflicts: `.spec.containers[name="web"].image`, `[=value]`, `[0]`. */
export function pathString(path: Path): string {
  return path.map(elementString).join('');
}

function elementString(pe: PathElement): string {
  const body = pe.slice(2);
  switch (pe.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:': {
      const fields = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(fields)
        .map(([k, v]) => `${k}=${scalarString(v)}`)
        .join(',')}]`;
    }
    case 'v:':
      return `[=${scalarString(JSON.parse(body))}]`;
    default:
      return `[${body}]`;
  }
}

/** Go's value.ToString: strings quoted, everything else as JSON. */
function scalarString(v: unknown): string {
  return JSON.stringify(v);
}

const ELEMENT_ORDER = ['f:', 'k:', 'v:', 'i:'];

/** structured-merge-diff's element order: fields, then keys, then values, then indexes; each by content. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ta = ELEMENT_ORDER.indexOf(a.slice(0, 2));
  const tb = ELEMENT_ORDER.indexOf(b.slice(0, 2));
  if (ta !== tb) return ta - tb;
  const ba = a.slice(2);
  const bb = b.slice(2);
  switch (a.slice(0, 2)) {
    case 'k:':
      return compareKeys(JSON.parse(ba) as Record<string, unknown>, JSON.parse(bb) as Record<string, unknown>);
    case 'v:':
      return compareValues(JSON.parse(ba), JSON.parse(bb));
    case 'i:':
      return Number(ba) - Number(bb);
    default:
      return compareStrings(ba, bb);
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ea = Object.entries(a);
  const eb = Object.entries(b);
  for (let i = 0; i < Math.max(ea.length, eb.length); i++) {
    if (i >= ea.length) return -1;
    if (i >= eb.length) return 1;
    const byName = compareStrings(ea[i][0], eb[i][0]);
    if (byName !== 0) return byName;
    const byValue = compareValues(ea[i][1], eb[i][1]);
    if (byValue !== 0) return byValue;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : v === null ? 4 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}
