import * as z from 'zod';
import { RESOURCES } from '../registry/catalog';
import { apiVersionOf, ResourceDef } from '../registry/resource';
import { schemaName, paramDescription } from './openapi';
import { customSchema } from './openapi-custom';

/**
 * The Swagger 2.0 document (`/openapi/v2`), from the same zod schemas as OpenAPI v3. Older
 * clients read it, and kubectl falls back to it for kinds the v3 documents do not describe (an
 * unknown kind then fails as upstream's `no matches for kind`). Swagger 2.0 has no anyOf, so
 * fields that take several types (int-or-string, quantities) are left untyped, as upstream's are.
 */
export type SwaggerSchema = Record<string, unknown>;

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  type: name === 'force' ? 'boolean' : 'string',
  uniqueItems: true,
  description: paramDescription(name),
}));

/** Draft-4 JSON Schema (zod's output) -> a Swagger 2.0 schema. */
export function toSwagger(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toSwagger);
  if (!schema || typeof schema !== 'object') return schema;
  const out: SwaggerSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema' || k === 'anyOf' || k === 'oneOf' || k === 'not' || k === 'const') continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, toSwagger(s)]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = typeof v === 'object' ? toSwagger(v) : v;
    else out[k] = v;
  }
  if (out.type === 'array' && out.items === undefined) out.items = {};
  if (Array.isArray(out.type)) delete out.type;
  return out;
}

function definition(def: ResourceDef): SwaggerSchema {
  if (def.custom) return toSwagger(customSchema(def, 'draft-4')) as SwaggerSchema;
  const json = z.toJSONSchema(def.schema, { target: 'draft-4', unrepresentable: 'any', io: 'input' });
  return { ...(toSwagger(json) as SwaggerSchema), 'x-kubernetes-group-version-kind': [{ group: def.group, kind: def.kind, version: def.version }] };
}

function paths(def: ResourceDef): Record<string, unknown> {
  const gvk = { group: def.group, kind: def.kind, version: def.version };
  const ref = { $ref: `#/definitions/${schemaName(def)}` };
  const op = (action: string, verb: string, withBody: boolean) => ({
    operationId: `${verb}${def.kind}`,
    consumes: withBody ? ['application/json', 'application/yaml'] : undefined,
    produces: ['application/json', 'application/yaml'],
    parameters: withBody ? [{ name: 'body', in: 'body', required: true, schema: ref }, ...WRITE_PARAMS] : [],
    responses: { '200': { description: 'OK', schema: ref } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const base = `/${def.group ? `apis/${apiVersionOf(def)}` : `api/${def.version}`}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.resource}`;
  return {
    [base]: { get: op('list', 'list', false), post: op('post', 'create', true) },
    [`${base}/{name}`]: { get: op('get', 'read', false), put: op('put', 'replace', true), patch: op('patch', 'patch', true), delete: op('delete', 'delete', false) },
  };
}

let cached: { key: string; doc: SwaggerSchema } | undefined;

/** The document for these kinds; rebuilt when a custom resource's definition changes. */
export function swaggerDocument(all: ResourceDef[] = RESOURCES): SwaggerSchema {
  const key = swaggerKey(all);
  if (cached?.key === key) return cached.doc;
  const doc = {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'v1.33.0' },
    paths: Object.assign({}, ...all.map(paths)),
    definitions: Object.fromEntries(all.map((d) => [schemaName(d), definition(d)])),
    securityDefinitions: { BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } },
    security: [{ BearerToken: [] }],
  };
  cached = { key, doc };
  return doc;
}

/** What identifies a document: the custom resources' definitions and versions (built-ins never change). */
export function swaggerKey(all: ResourceDef[]): string {
  return all.filter((d) => d.custom).map((d) => `${d.custom?.crdName}/${d.version}@${d.custom?.crdVersion}`).join(',');
}

