import type { JSONSchemaProps } from '../../../api/types/apiextensions/crd';
import { Path, pathString } from './path';

type Obj = Record<string, unknown>;

/**
 * Upstream's pruning of a custom resource: fields the structural schema does not specify are
 * dropped (unless x-kubernetes-preserve-unknown-fields), and so are nulls of fields that are not
 * nullable. Returns the paths of the dropped fields, for the `unknown field` warnings or the strict
 * decoding error. The root's apiVersion, kind and metadata, and an embedded resource's, stay.
 */
export function prune(schema: JSONSchemaProps, value: unknown): string[] {
  const unknown: string[] = [];
  walk(schema, value, [], unknown, true);
  return unknown;
}

function walk(s: JSONSchemaProps | undefined, value: unknown, path: Path, unknown: string[], root: boolean): void {
  if (!s || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(s.items, item, [...path, i], unknown, false));
    return;
  }
  const obj = value as Obj;
  const keepMeta = root || s['x-kubernetes-embedded-resource'] === true;
  const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const key of Object.keys(obj)) {
    if (keepMeta && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const prop = s.properties?.[key] ?? additional;
    const child = obj[key];
    if (!prop && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true) {
      unknown.push(pathString([...path, key]));
      delete obj[key];
      continue;
    }
    if (child === null && prop && !prop.nullable) {
      delete obj[key];
      continue;
    }
    walk(prop, child, [...path, key], unknown, false);
  }
  if (!root && s['x-kubernetes-embedded-resource'] && obj.metadata && typeof obj.metadata === 'object') pruneMeta(obj.metadata as Obj, [...path, 'metadata'], unknown);
}

const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

function pruneMeta(meta: Obj, path: Path, unknown: string[]): void {
  for (const key of Object.keys(meta)) {
    if (!META_FIELDS.has(key)) {
      unknown.push(pathString([...path, key]));
      delete meta[key];
    }
  }
}
