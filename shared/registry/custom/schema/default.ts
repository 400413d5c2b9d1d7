import type { JSONSchemaProps } from '../../../api/types/apiextensions/crd';

type Obj = Record<string, unknown>;

/**
 * Upstream's structural defaulting: an absent property with a `default` gets a copy of it, from
 * the root down (a defaulted object's own properties are then defaulted too). Runs when a request is
 * decoded and when an object is read from storage, so objects stored before a default was added
 * read with it.
 */
export function applyDefaults(s: JSONSchemaProps | undefined, value: unknown): void {
  if (!s || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) applyDefaults(s.items, item);
    return;
  }
  const obj = value as Obj;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (obj[key] === undefined && prop.default !== undefined) obj[key] = structuredClone(prop.default);
  }
  const additional = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const [key, child] of Object.entries(obj)) {
    const prop = s.properties?.[key] ?? additional;
    if (prop) applyDefaults(prop, child);
  }
}
