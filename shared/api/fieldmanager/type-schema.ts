import type { JSONSchemaProps } from '../types/apiextensions/crd';
import { isAtomicStruct, listTypeAt, ListType } from './schema';

/**
 * Where server-side apply learns how a kind's lists and maps merge: built-in kinds from the
 * tables in ./schema, custom resources from their OpenAPI schema (`x-kubernetes-list-type`,
 * `-list-map-keys`, `-map-type`), as structured-merge-diff reads the CRD's schema upstream.
 * Paths are as in ./schema: dotted from the root, `[]` stepping into list items.
 */
export interface TypeSchema {
  listTypeAt(path: string): ListType;
  isAtomicStruct(path: string): boolean;
}

export function builtinTypeSchema(kind: string): TypeSchema {
  return { listTypeAt: (path) => listTypeAt(kind, path), isAtomicStruct: (path) => isAtomicStruct(kind, path) };
}

const ATOMIC: ListType = { type: 'atomic' };

/** `spec.items[].ports[]` → ['spec', 'items', '[]', 'ports', '[]']. */
function segments(path: string): string[] {
  if (path === '') return [];
  return path.split('.').flatMap((part) => {
    const m = /^(.*?)((?:\[\])*)$/.exec(part) as RegExpExecArray;
    const items = m[2].length / 2;
    return [...(m[1] === '' ? [] : [m[1]]), ...Array.from({ length: items }, () => '[]')];
  });
}

/**
 * The schema node at `segs[i..]`. A key of a map (additionalProperties) may itself contain dots,
 * so every split of the remaining segments is tried there.
 */
function resolve(node: JSONSchemaProps | undefined, segs: readonly string[], i: number): JSONSchemaProps | undefined {
  if (node === undefined || i === segs.length) return node;
  const seg = segs[i];
  if (seg === '[]') return resolve(node.items, segs, i + 1);
  const direct = node.properties?.[seg];
  if (direct !== undefined) return resolve(direct, segs, i + 1);
  const additional = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (additional === undefined) return undefined;
  for (let j = i + 1; j <= segs.length; j++) {
    if (segs[j - 1] === '[]') break;
    const found = resolve(additional, segs, j);
    if (found !== undefined) return found;
  }
  return undefined;
}

function listTypeOf(node: JSONSchemaProps | undefined): ListType {
  switch (node?.['x-kubernetes-list-type']) {
    case 'set':
      return { type: 'set' };
    case 'map': {
      const keys = node['x-kubernetes-list-map-keys'] ?? [];
      const defaults: Record<string, unknown> = {};
      for (const key of keys) {
        const value = node.items?.properties?.[key]?.default;
        if (value !== undefined) defaults[key] = value;
      }
      return { type: 'map', keys, ...(Object.keys(defaults).length > 0 ? { defaults } : {}) };
    }
    default:
      // Untyped lists (and lists under preserved unknown fields) are atomic, as upstream.
      return ATOMIC;
  }
}

/**
 * A custom resource's schema. metadata merges as a built-in object's does (labels, annotations,
 * ownerReferences, finalizers are the same everywhere); everything else follows the schema.
 */
export function customTypeSchema(kind: string, schema: JSONSchemaProps): TypeSchema {
  const builtin = builtinTypeSchema(kind);
  const isMeta = (path: string) => path === 'metadata' || path.startsWith('metadata.');
  return {
    listTypeAt: (path) => (isMeta(path) ? builtin.listTypeAt(path) : listTypeOf(resolve(schema, segments(path), 0))),
    isAtomicStruct: (path) => (isMeta(path) ? builtin.isAtomicStruct(path) : resolve(schema, segments(path), 0)?.['x-kubernetes-map-type'] === 'atomic'),
  };
}
