/** A field path as upstream's field.Path prints it: `spec.ports[0]`, and map keys as `labels[app]`. */
export type PathElement = string | number | { key: string };
export type Path = PathElement[];

export function pathString(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'object') out += `[${p.key}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}

/** The JSON type name of a value, as the schema's `type` would spell it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** A value in an error message as Go's field errors print it: strings quoted, others as literals. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') {
    if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
    return `map[string]interface {}{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${goValue(x)}`).join(', ')}}`;
  }
  return String(v);
}
