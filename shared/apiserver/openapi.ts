import { createHash } from 'node:crypto';
import * as z from 'zod';
import { PathNotFoundError } from '../api/errors';
import { RESOURCES } from '../registry/catalog';
import { ResourceDef } from '../registry/resource';
import { customSchema, customSchemaName } from './openapi-custom';
import { servedGroupVersions } from './group-versions';

/**
 * OpenAPI v3, generated from the same zod schemas that validate requests. kubectl reads it for
 * `explain`, and before `create/apply/replace -f` to learn that the server validates fields itself
 * (the PATCH operation of each kind declares the `fieldValidation` query parameter).
 */
const gvPath = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

export function schemaName(def: ResourceDef): string {
  if (def.custom) return customSchemaName(def);
  const pkg = def.group === '' ? 'core' : def.group.split('.')[0];
  return `io.k8s.api.${pkg}.${def.version}.${def.kind}`;
}

const QUERY_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
  description: paramDescription(name),
}));

export function paramDescription(name: string): string {
  switch (name) {
    case 'fieldValidation':
      return 'How the server treats fields the schema does not declare: Ignore, Warn (the default) or Strict.';
    case 'dryRun':
      return 'When set to All, the request is validated and answered but nothing is stored.';
    case 'fieldManager':
      return 'The name of the actor making the change, recorded in managedFields.';
    case 'force':
      return 'For apply patches: take ownership of fields other managers own.';
    default:
      return 'Pretty-print the output.';
  }
}

function operations(def: ResourceDef): Record<string, unknown> {
  const gvk = [{ group: def.group, version: def.version, kind: def.kind }];
  const ref = { $ref: `#/components/schemas/${schemaName(def)}` };
  const content = { 'application/json': { schema: ref }, 'application/yaml': { schema: ref } };
  const op = (action: string, withBody: boolean) => ({
    operationId: `${action}${def.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk[0],
    parameters: withBody ? QUERY_PARAMS : [],
    ...(withBody ? { requestBody: { content, required: true } } : {}),
    responses: { '200': { description: 'OK', content } },
  });
  const base = `/${gvPath(def.group, def.version)}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.resource}`;
  return {
    [base]: { get: op('list', false), post: op('post', true) },
    [`${base}/{name}`]: { get: op('get', false), put: op('put', true), patch: op('patch', true), delete: op('delete', false) },
  };
}

function componentSchema(def: ResourceDef): Record<string, unknown> {
  if (def.custom) return customSchema(def, 'openapi-3.0');
  const json = z.toJSONSchema(def.schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return { ...json, 'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.kind }] };
}

const documents = new Map<string, string>();

/** A group version's document; custom resources' documents are keyed by their definitions' versions. */
export function openApiDocument(group: string, version: string, all: ResourceDef[] = RESOURCES): string {
  const defs = all.filter((r) => r.group === group && r.version === version);
  if (defs.length === 0) throw new PathNotFoundError();
  const key = `${gvPath(group, version)}#${defs.map((d) => d.custom?.crdVersion ?? '').join(',')}`;
  const cached = documents.get(key);
  if (cached) return cached;
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.0' },
    paths: Object.assign({}, ...defs.map(operations)),
    components: { schemas: Object.fromEntries(defs.map((d) => [schemaName(d), componentSchema(d)])) },
  };
  const text = JSON.stringify(doc);
  // Superseded custom documents go; built-in ones stay for the process' life.
  for (const k of documents.keys()) if (k.startsWith(`${gvPath(group, version)}#`) && k !== key) documents.delete(k);
  documents.set(key, text);
  return text;
}

export function openApiIndex(all: ResourceDef[] = RESOURCES): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const { group, version } of servedGroupVersions(all)) {
    const key = gvPath(group, version);
    const hash = createHash('sha512').update(openApiDocument(group, version, all)).digest('hex').slice(0, 128).toUpperCase();
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

/** `/openapi/v3/api/v1` → core v1; `/openapi/v3/apis/apps/v1` → apps v1. */
export function openApiPath(path: string): { group: string; version: string } | undefined {
  const parts = path.replace(/^\/openapi\/v3\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return { group: '', version: parts[1] };
  if (parts[0] === 'apis' && parts.length === 3) return { group: parts[1], version: parts[2] };
  return undefined;
}
