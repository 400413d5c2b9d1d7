/**
 * Path elements as fieldsV1 spells them (see FieldSet), with upstream's printed form and order.
 */
export type PathElement = string;
export type Path = readonly PathElement[];

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
