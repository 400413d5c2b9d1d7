import type { StatusCause } from '../../../api/errors';
import type { JSONSchemaProps, ValidationRule } from '../../../api/types/apiextensions/crd';
import { compileExpression, Program } from '../../../cel/compile';
import { jsonType, Path, pathString } from './path';

/**
 * x-kubernetes-validations, evaluated with shared/cel (cel-js: the standard CEL language, macros and
 * string, list, map, bytes and timestamp functions; see docs/api.md for what Kubernetes' own CEL
 * libraries add that it lacks). A rule that does not parse is the author's error (the definition is refused,
 * as upstream refuses it); a rule that parses but needs a function cel-js lacks is reported as a
 * warning on the definition's write and fails closed: objects it applies to are refused with a
 * message naming the rule, never silently admitted.
 */
export interface CompiledRule {
  rule: ValidationRule;
  program?: Program;
  messageProgram?: Program;
  /** Why the rule cannot be evaluated here (an unsupported function or overload). */
  unsupported?: string;
  /** Why the rule is invalid CEL (a parse error). */
  invalid?: string;
  transition: boolean;
}

const cache = new Map<string, CompiledRule>();

export function compileRule(rule: ValidationRule): CompiledRule {
  const key = JSON.stringify(rule);
  const hit = cache.get(key);
  if (hit) return hit;
  const main = compileExpression(rule.rule ?? '');
  const compiled: CompiledRule = { rule, ...main, transition: /\boldSelf\b/.test(rule.rule ?? '') };
  if (rule.messageExpression) {
    const msg = compileExpression(rule.messageExpression);
    if (msg.invalid) compiled.invalid ??= `messageExpression: ${msg.invalid}`;
    compiled.messageProgram = msg.program;
  }
  cache.set(key, compiled);
  return compiled;
}

/** Every rule in a schema, with the path of its x-kubernetes-validations entry. */
export function rulesOf(schema: JSONSchemaProps, path: Path): { path: Path; compiled: CompiledRule }[] {
  const out: { path: Path; compiled: CompiledRule }[] = [];
  const walk = (s: JSONSchemaProps | undefined, p: Path) => {
    if (!s || typeof s !== 'object') return;
    (s['x-kubernetes-validations'] ?? []).forEach((rule, i) => out.push({ path: [...p, 'x-kubernetes-validations', i], compiled: compileRule(rule) }));
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, [...p, 'properties', { key: k }]);
    if (s.items) walk(s.items, [...p, 'items']);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, [...p, 'additionalProperties']);
  };
  walk(schema, path);
  return out;
}

/** CEL values from JSON: integers the schema declares become CEL ints (BigInt). */
function toCel(s: JSONSchemaProps | undefined, v: unknown): unknown {
  if (typeof v === 'number') return s?.type === 'integer' && Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map((x) => toCel(s?.items, x));
  if (v && typeof v === 'object') {
    const additional = typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCel(s?.properties?.[k] ?? additional, x)]));
  }
  return v;
}

const REASON_PREFIX: Record<string, string> = {
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

function failure(c: CompiledRule, s: JSONSchemaProps, value: unknown, vars: Record<string, unknown>, path: Path): StatusCause {
  let message = c.rule.message || `failed rule: ${c.rule.rule}`;
  if (c.messageProgram) {
    try {
      const m = c.messageProgram(vars);
      if (typeof m === 'string' && m.trim() !== '') message = m;
    } catch {
      // Upstream falls back to message (or the rule) when messageExpression fails.
    }
  }
  const field = c.rule.fieldPath ? `${pathString(path)}${c.rule.fieldPath}` : pathString(path);
  const reason = c.rule.reason ?? 'FieldValueInvalid';
  const prefix = REASON_PREFIX[reason];
  return { reason, field, message: prefix ? `${prefix}: ${message}` : `Invalid value: ${JSON.stringify(s.type ?? jsonType(value))}: ${message}` };
}

/** Evaluates every rule that applies to `value` (and its old value, for transition rules). */
export function validateCel(s: JSONSchemaProps | undefined, value: unknown, old: unknown, path: Path = [], out: StatusCause[] = []): StatusCause[] {
  if (!s || value === undefined || value === null) return out;
  const rules = s['x-kubernetes-validations'] ?? [];
  if (rules.length > 0) {
    const vars: Record<string, unknown> = { self: toCel(s, value) };
    if (old !== undefined) vars.oldSelf = toCel(s, old);
    for (const rule of rules) {
      const c = compileRule(rule);
      if (c.transition && old === undefined && !rule.optionalOldSelf) continue;
      if (c.invalid || c.unsupported) {
        out.push({ reason: 'FieldValueInvalid', field: pathString(path), message: `Invalid value: ${JSON.stringify(s.type ?? jsonType(value))}: rule cannot be evaluated by Skiff's CEL evaluator (${c.invalid ?? c.unsupported}): ${rule.rule}` });
        continue;
      }
      try {
        if ((c.program as Program)(vars) !== true) out.push(failure(c, s, value, vars, path));
      } catch (err) {
        out.push({ reason: 'FieldValueInvalid', field: pathString(path), message: `Invalid value: ${JSON.stringify(s.type ?? jsonType(value))}: ${(err as Error).message.split('\n')[0]}` });
      }
    }
  }
  if (Array.isArray(value)) {
    const keys = s['x-kubernetes-list-type'] === 'map' ? (s['x-kubernetes-list-map-keys'] ?? []) : undefined;
    value.forEach((item, i) => validateCel(s.items, item, keys && Array.isArray(old) ? correlate(old, item, keys) : undefined, [...path, i], out));
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const prev = old && typeof old === 'object' && !Array.isArray(old) ? (old as Record<string, unknown>) : undefined;
    const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    for (const [k, v] of Object.entries(obj)) {
      if (path.length === 0 && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
      const prop = s.properties?.[k];
      validateCel(prop ?? additional, v, prev?.[k], [...path, prop ? k : { key: k }], out);
    }
  }
  return out;
}

function correlate(old: unknown[], item: unknown, keys: string[]): unknown {
  if (!item || typeof item !== 'object') return undefined;
  const it = item as Record<string, unknown>;
  return old.find((o) => o && typeof o === 'object' && keys.every((k) => JSON.stringify((o as Record<string, unknown>)[k]) === JSON.stringify(it[k])));
}
