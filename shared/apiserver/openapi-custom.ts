import * as z from 'zod';
import { ObjectMeta } from '../api/types/meta';
import type { JSONSchemaProps } from '../api/types/apiextensions/crd';
import type { ResourceDef } from '../registry/resource';

/** Upstream names a custom resource's definition by its reversed group: `io.cert-manager.v1.Certificate`. */
export function customSchemaName(def: ResourceDef): string {
  return `${def.group.split('.').reverse().join('.')}.${def.version}.${def.kind}`;
}

const metaSchemas = new Map<string, Record<string, unknown>>();

function objectMeta(target: 'openapi-3.0' | 'draft-4'): Record<string, unknown> {
  let schema = metaSchemas.get(target);
  if (!schema) {
    schema = z.toJSONSchema(ObjectMeta, { target, unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    delete schema.$schema;
    metaSchemas.set(target, schema);
  }
  return schema;
}

/** Strips what only the server uses (CEL rules) from a published schema. */
function published(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(published);
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'x-kubernetes-validations') continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, published(x)]));
    else out[k] = typeof v === 'object' && k !== 'default' && k !== 'enum' && k !== 'example' && k !== 'required' ? published(v) : v;
  }
  return out;
}

/**
 * A custom resource's component schema, from its version's structural schema: apiVersion, kind and
 * ObjectMeta added at the root as upstream's builder does, tagged with its group-version-kind so
 * `kubectl explain` finds it.
 */
export function customSchema(def: ResourceDef, target: 'openapi-3.0' | 'draft-4'): Record<string, unknown> {
  const schema = published(def.custom?.schema ?? {}) as JSONSchemaProps;
  return {
    ...schema,
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      ...(schema.properties ?? {}),
      metadata: objectMeta(target),
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.kind }],
  };
}
