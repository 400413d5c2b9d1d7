import type { StatusCause } from '../../../api/errors';
import type { JSONSchemaProps } from '../../../api/types/apiextensions/crd';
import { checkFormat } from './formats';
import { goValue, jsonType, Path, pathString } from './path';

/**
 * A custom resource checked against its structural schema, with the messages and field paths of
 * upstream's kube-openapi validator as apiextensions-apiserver reports them
 * (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"`).
 * metadata is validated by the generic ObjectMeta rules and skipped here, as upstream does.
 */
export function validateValue(schema: JSONSchemaProps, value: unknown, path: Path = []): StatusCause[] {
  const out: StatusCause[] = [];
  visit(schema, value, path, out, path.length === 0);
  return out;
}

const invalid = (path: Path, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${goValue(value)}: ${detail}`,
  field: pathString(path),
});

function body(path: Path): string {
  return path.length === 0 ? 'body' : `${pathString(path)} in body`;
}

function visit(s: JSONSchemaProps, value: unknown, path: Path, out: StatusCause[], root: boolean): void {
  if (value === null) {
    if (s.nullable) return;
    // Nulls of non-nullable fields are pruned before validation (see prune.ts); a null here is a list item.
    if (s.type) out.push(invalid(path, 'null', `${body(path)} must be of type ${s.type}: "null"`));
    return;
  }
  if (!typeMatches(s, value)) {
    const actual = jsonType(value);
    out.push(invalid(path, actual, `${body(path)} must be of type ${s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type}: ${JSON.stringify(actual)}`));
    return;
  }
  checkScalar(s, value, path, out);
  for (const sub of s.allOf ?? []) visit(sub, value, path, out, root);
  if (s.anyOf && !s.anyOf.some((sub) => validateValue(sub, value, path).length === 0)) {
    out.push(invalid(path, value, `${body(path)} must validate at least one schema (anyOf)`));
  }
  if (s.oneOf && s.oneOf.filter((sub) => validateValue(sub, value, path).length === 0).length !== 1) {
    out.push(invalid(path, value, `${body(path)} must validate one and only one schema (oneOf)`));
  }
  if (s.not && validateValue(s.not, value, path).length === 0) {
    out.push(invalid(path, value, `${body(path)} must not validate the schema (not)`));
  }
  if (Array.isArray(value)) checkArray(s, value, path, out);
  else if (value && typeof value === 'object') checkObject(s, value as Record<string, unknown>, path, out, root);
}

function typeMatches(s: JSONSchemaProps, v: unknown): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (s.type) {
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

function checkScalar(s: JSONSchemaProps, v: unknown, path: Path, out: StatusCause[]): void {
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    out.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${goValue(v)}: supported values: ${s.enum.map((e) => goValue(e)).join(', ')}`,
      field: pathString(path),
    });
  }
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && [...v].length > s.maxLength) {
      out.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${s.maxLength} bytes`, field: pathString(path) });
    }
    if (s.minLength !== undefined && [...v].length < s.minLength) {
      out.push(invalid(path, v, `${body(path)} should be at least ${s.minLength} chars long`));
    }
    if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) out.push(invalid(path, v, `${body(path)} should match '${s.pattern}'`));
    if (s.format && !checkFormat(s.format, v)) out.push(invalid(path, v, `${body(path)} must be of type ${s.format}: ${JSON.stringify(v)}`));
  }
  if (typeof v === 'number') {
    if (s.format === 'int32' && (v > 2147483647 || v < -2147483648)) out.push(invalid(path, v, `${body(path)} must be of type int32: "${v}"`));
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      out.push(invalid(path, v, `${body(path)} should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      out.push(invalid(path, v, `${body(path)} should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    }
    if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
      out.push(invalid(path, v, `${body(path)} should be a multiple of ${s.multipleOf}`));
    }
  }
}

function checkArray(s: JSONSchemaProps, v: unknown[], path: Path, out: StatusCause[]): void {
  if (s.maxItems !== undefined && v.length > s.maxItems) {
    out.push({ reason: 'FieldValueTooMany', message: `Too many: ${v.length}: must have at most ${s.maxItems} items`, field: pathString(path) });
  }
  if (s.minItems !== undefined && v.length < s.minItems) out.push(invalid(path, v.length, `${body(path)} should have at least ${s.minItems} items`));
  const listType = s['x-kubernetes-list-type'];
  if (s.uniqueItems || listType === 'set') {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${goValue(item)}`, field: pathString([...path, i]) });
      seen.add(key);
    });
  } else if (listType === 'map') {
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!item || typeof item !== 'object') return;
      const entry = Object.fromEntries(keys.map((k) => [k, (item as Record<string, unknown>)[k]]));
      const key = JSON.stringify(entry);
      if (seen.has(key)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${goValue(entry)}`, field: pathString([...path, i]) });
      seen.add(key);
    });
  }
  if (s.items) v.forEach((item, i) => visit(s.items as JSONSchemaProps, item, [...path, i], out, false));
}

function checkObject(s: JSONSchemaProps, v: Record<string, unknown>, path: Path, out: StatusCause[], root: boolean): void {
  const n = Object.keys(v).length;
  if (s.maxProperties !== undefined && n > s.maxProperties) {
    out.push({ reason: 'FieldValueTooMany', message: `Too many: ${n}: must have at most ${s.maxProperties} items`, field: pathString(path) });
  }
  if (s.minProperties !== undefined && n < s.minProperties) out.push(invalid(path, n, `${body(path)} should have at least ${s.minProperties} properties`));
  for (const name of s.required ?? []) {
    if (v[name] === undefined) out.push({ reason: 'FieldValueRequired', message: 'Required value', field: pathString([...path, name]) });
  }
  for (const [key, child] of Object.entries(v)) {
    if (child === undefined) continue;
    // The root's apiVersion, kind and metadata are checked by the generic decoder and ObjectMeta rules.
    if (root && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
    if (s['x-kubernetes-embedded-resource'] && key === 'metadata') continue;
    const prop = s.properties?.[key];
    if (prop) visit(prop, child, [...path, key], out, false);
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
      visit(s.additionalProperties, child, [...path, { key }], out, false);
    }
  }
  if (s['x-kubernetes-embedded-resource']) {
    if (typeof v.apiVersion !== 'string' || v.apiVersion === '') out.push({ reason: 'FieldValueRequired', message: 'Required value: must not be empty', field: pathString([...path, 'apiVersion']) });
    if (typeof v.kind !== 'string' || v.kind === '') out.push({ reason: 'FieldValueRequired', message: 'Required value: must not be empty', field: pathString([...path, 'kind']) });
  }
}

const regexps = new Map<string, RegExp | undefined>();

/**
 * A schema pattern (Go's RE2 syntax) as an ECMAScript regular expression: a leading inline flag
 * group (`(?i)`, `(?s)`, `(?m)`, also after a `^`) becomes the regexp's flags and `\\A`/`\\z` its anchors; the rest of
 * RE2's common syntax reads the same. Undefined when it does not compile.
 */
export function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexps.has(pattern)) regexps.set(pattern, compilePattern(pattern));
  return regexps.get(pattern);
}

function compilePattern(pattern: string): RegExp | undefined {
  let source = pattern;
  let flags = '';
  const inline = /^(\^?)\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[2].replace('U', ''))].join('');
    source = inline[1] + source.slice(inline[0].length);
  }
  source = source.replace(/\\A/g, '^').replace(/\\z/g, '$');
  for (const f of [`${flags}u`, flags]) {
    try {
      return new RegExp(source, f);
    } catch {
      // Without the unicode flag, identity escapes such as \_ are accepted, as RE2 accepts them.
    }
  }
  return undefined;
}
