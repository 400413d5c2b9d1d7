/**
 * The JSONPath subset printer columns, selectable fields and scale paths use (kubectl's
 * `{.status.conditions[?(@.type=="Ready")].status}` family): fields, `['quoted.keys']`, indexes,
 * `[*]` and filters comparing a field with a literal. Returns every match, in document order.
 */
export function evaluateJsonPath(path: string, value: unknown): unknown[] {
  const steps = parse(path.trim().replace(/^\{(.*)\}$/, '$1'));
  let current: unknown[] = [value];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

type Step = { field: string } | { index: number } | { all: true } | { filter: { path: string[]; op: '==' | '!='; literal: unknown; exists?: boolean } };

function parse(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      const m = /^[^.[\]]*/.exec(path.slice(i)) as RegExpExecArray;
      if (m[0] === '*') steps.push({ all: true });
      else if (m[0]) steps.push({ field: m[0] });
      i += m[0].length;
    } else if (c === '[') {
      const end = matchingBracket(path, i);
      const inner = path.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ all: true });
      else if (/^-?\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^['"].*['"]$/.test(inner)) steps.push({ field: inner.slice(1, -1) });
      else if (inner.startsWith('?(')) steps.push({ filter: parseFilter(inner.slice(2, -1)) });
      else throw new Error(`unrecognized identifier ${inner}`);
    } else {
      const m = /^[^.[\]]+/.exec(path.slice(i)) as RegExpExecArray;
      steps.push({ field: m[0] });
      i += m[0].length;
    }
  }
  return steps;
}

function matchingBracket(s: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new Error('unterminated [');
}

function parseFilter(expr: string): { path: string[]; op: '==' | '!='; literal: unknown; exists?: boolean } {
  const m = /^@((?:\.[^.\s=!]+)+)\s*(==|!=)\s*(.+)$/.exec(expr.trim());
  if (!m) {
    const exists = /^@((?:\.[^.\s=!]+)+)$/.exec(expr.trim());
    if (exists) return { path: exists[1].split('.').filter(Boolean), op: '==', literal: undefined, exists: true };
    throw new Error(`unsupported filter ${expr}`);
  }
  const raw = m[3].trim();
  let literal: unknown = raw;
  if (/^['"].*['"]$/.test(raw)) literal = raw.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(raw)) literal = Number(raw);
  else if (raw === 'true' || raw === 'false') literal = raw === 'true';
  return { path: m[1].split('.').filter(Boolean), op: m[2] as '==' | '!=', literal };
}

function apply(step: Step, v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if ('field' in step) {
    if (typeof v !== 'object' || Array.isArray(v)) return [];
    const x = (v as Record<string, unknown>)[step.field];
    return x === undefined ? [] : [x];
  }
  if ('index' in step) {
    if (!Array.isArray(v)) return [];
    const x = v[step.index < 0 ? v.length + step.index : step.index];
    return x === undefined ? [] : [x];
  }
  const items = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v as object) : [];
  if ('all' in step) return items;
  const f = step.filter;
  return items.filter((item) => {
    let x: unknown = item;
    for (const p of f.path) x = x && typeof x === 'object' ? (x as Record<string, unknown>)[p] : undefined;
    if (f.exists) return x !== undefined;
    return f.op === '==' ? x === f.literal : x !== f.literal;
  });
}

/** A simple `.a.b.c` path set on an object (scale's specReplicasPath), creating objects on the way. */
export function setSimplePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}
