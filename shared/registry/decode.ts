import type { ZodError, ZodType } from 'zod';
import { BadRequestError, InvalidError, StatusCause } from '../api/errors';
import type { FieldIssueParams } from '../api/types/scalars';
import { apiVersionOf, KubeObject, ResourceDef } from './resource';
import { CustomResourceHead } from '../api/types/apiextensions/crd';
import { prune } from './custom/schema/prune';
import { applyDefaults } from './custom/schema/default';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface Decoded {
  object: KubeObject;
  /** Warnings for the `Warning` header (unknown fields under fieldValidation=Warn). */
  warnings: string[];
}

/** Go's JSON decoding treats null as "absent"; stripping nulls first lets the schemas stay simple. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = stripNulls(v);
    return out;
  }
  return value;
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/**
 * Checks the body's apiVersion and kind against the path, then the schema: unknown fields are
 * refused, warned about or dropped per `fieldValidation`; missing required fields are 422 Invalid
 * with a cause each; values of the wrong type are 400, as upstream's decoder answers.
 */
export function decodeObject(def: ResourceDef, raw: unknown, mode: FieldValidation, schema: ZodType = def.schema): Decoded {
  if (def.custom && schema === def.schema) return decodeCustomResource(def, raw, mode);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError(`the body of the request must be a ${def.kind} object`);
  }
  const body = stripNulls(raw) as Record<string, unknown>;
  const expected = apiVersionOf(def);
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    throw new BadRequestError(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`);
  }
  if (body.kind !== undefined && body.kind !== def.kind) {
    throw new BadRequestError(`${String(body.kind)} in version "${def.version}" cannot be handled as a ${def.kind}: the kind in the data does not match the expected kind (${def.kind})`);
  }
  const warnings: string[] = [];
  let result = schema.safeParse(body);
  if (!result.success) {
    const unknown = unknownFields(result.error);
    if (unknown.length > 0) {
      if (mode === 'Strict') {
        throw new BadRequestError(
          `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`,
        );
      }
      if (mode === 'Warn') warnings.push(...unknown.map((f) => `unknown field "${f}"`));
      dropUnknown(body, result.error);
      result = schema.safeParse(body);
    }
  }
  if (!result.success) throwTypeErrors(def, body, result.error);
  // The schemas never transform, so the validated body is the object itself (key order kept).
  return { object: body as KubeObject, warnings };
}

/**
 * A custom resource: apiVersion, kind and metadata as for any kind, then the rest pruned to its
 * structural schema (fields it does not specify are unknown fields, dropped, warned about or
 * refused per fieldValidation, as upstream), nulls of non-nullable fields dropped, and defaulted.
 * The schema's own checks run in the kind's strategy (they need the old object for CEL).
 */
function decodeCustomResource(def: ResourceDef, raw: unknown, mode: FieldValidation): Decoded {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError(`the body of the request must be a ${def.kind} object`);
  }
  const body = structuredClone(raw) as Record<string, unknown>;
  const head = decodeObject(def, { apiVersion: body.apiVersion, kind: body.kind, metadata: body.metadata }, mode, CustomResourceHead);
  const rest: Record<string, unknown> = { ...body };
  delete rest.apiVersion;
  delete rest.kind;
  delete rest.metadata;
  const unknown = prune(def.custom?.schema ?? {}, rest);
  if (unknown.length > 0 && mode === 'Strict') {
    throw new BadRequestError(
      `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`,
    );
  }
  const object = { ...head.object, ...rest } as KubeObject;
  applyDefaults(def.custom?.schema, object);
  const warnings = [...head.warnings, ...(mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [])];
  return { object, warnings };
}

type KindInfo = Pick<ResourceDef, 'kind' | 'group' | 'version'>;

/**
 * Options bodies (DeleteOptions, Eviction) as upstream decodes them: strictly, so an unknown field
 * or a value of the wrong type is a 400 and the request does nothing.
 */
export function decodeStrict<T>(kind: KindInfo, schema: ZodType<T>, raw: unknown): T {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError(`${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: the body must be an object`);
  }
  const body = stripNulls(raw) as Record<string, unknown>;
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const unknown = unknownFields(result.error);
  if (unknown.length > 0) {
    throw new BadRequestError(
      `${kind.kind} in version "${kind.version}" cannot be handled as a ${kind.kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`,
    );
  }
  throwTypeErrors(kind, body, result.error);
}

function unknownFields(error: ZodError): string[] {
  const fields: string[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) fields.push(fieldPath([...issue.path, key]));
  }
  return fields;
}

function dropUnknown(body: Record<string, unknown>, error: ZodError): void {
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = body;
    for (const p of issue.path) target = (target as Record<PropertyKey, unknown>)?.[p as string];
    if (target && typeof target === 'object') for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = body;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  return v;
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** `spec.containers[0].resources.requests[cpu]`: the last element is a map key, as upstream's field.Path.Key. */
function mapKeyPath(path: readonly PropertyKey[]): string {
  return `${fieldPath(path.slice(0, -1))}[${String(path[path.length - 1])}]`;
}

function throwTypeErrors(def: KindInfo, body: Record<string, unknown>, error: ZodError): never {
  const required: StatusCause[] = [];
  const decode: string[] = [];
  for (const issue of error.issues) {
    const params = (issue.code === 'custom' ? issue.params : undefined) as FieldIssueParams | undefined;
    const field = params?.mapKey ? mapKeyPath(issue.path) : fieldPath(issue.path);
    const value = valueAt(body, issue.path);
    if (issue.code === 'custom') {
      const shown = params?.omitValue ? '' : ` ${JSON.stringify(value)}:`;
      required.push({ reason: 'FieldValueInvalid', message: `Invalid value:${shown} ${issue.message}`, field });
    } else if (value === undefined) required.push({ reason: 'FieldValueRequired', message: 'Required value', field });
    else if (issue.code === 'invalid_value' || issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'too_big') {
      required.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${issue.message}`, field });
    } else decode.push(`json: cannot unmarshal ${goType(value)} into Go struct field ${def.kind}.${field} of type ${expectedType(issue)}`);
  }
  if (decode.length > 0) {
    throw new BadRequestError(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${decode[0]}`);
  }
  const name = (body.metadata as { name?: string } | undefined)?.name ?? '';
  throw new InvalidError(def.kind, def.group, name, required);
}

function expectedType(issue: ZodError['issues'][number]): string {
  if (issue.code === 'invalid_type') {
    const map: Record<string, string> = { string: 'string', number: 'int', boolean: 'bool', object: 'struct', array: 'slice', record: 'map' };
    return map[issue.expected] ?? issue.expected;
  }
  return 'value';
}
