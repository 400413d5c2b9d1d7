/**
 * JSON values as CEL sees them when there is no schema to type them (admission policies see
 * built-in objects as JSON): integral numbers are CEL ints (BigInt), other numbers doubles; and CEL
 * results back to JSON (ints to numbers) for messages and annotations.
 */
export function jsonToCel(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(jsonToCel);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonToCel(x)]));
  return v;
}

export function celToJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(celToJson);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), celToJson(x)]));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, celToJson(x)]));
  }
  return v;
}

/**
 * A CEL map whose entries are computed on first access (admission policies' `variables`): each
 * entry's result, or its error, is computed once; an error fails the expression that reads it.
 */
export function lazyMap(entries: [string, () => unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, compute] of entries) {
    let done = false;
    let value: unknown;
    Object.defineProperty(out, name, {
      enumerable: true,
      get() {
        if (!done) {
          value = compute();
          done = true;
        }
        return value;
      },
    });
  }
  return out;
}
