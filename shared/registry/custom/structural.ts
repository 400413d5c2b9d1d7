import type { StatusCause } from '../../api/errors';
import type { JSONSchemaProps } from '../../api/types/apiextensions/crd';
import { goValue, Path, pathString } from './schema/path';
import { rulesOf } from './schema/cel';
import { safeRegExp } from './schema/validate';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

const required = (path: Path, detail: string): StatusCause => ({ reason: 'FieldValueRequired', field: pathString(path), message: `Required value: ${detail}` });
const forbidden = (path: Path, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field: pathString(path), message: `Forbidden: ${detail}` });
const invalid = (path: Path, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', field: pathString(path), message: `Invalid value: ${goValue(value)}: ${detail}` });

/**
 * Upstream's structural schema rules (apiextensions v1 refuses non-structural schemas): every node
 * has a type unless x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields says
 * otherwise, arrays have items, properties and additionalProperties exclude each other, the root's
 * metadata may only restrict name and generateName, list and map extensions are consistent.
 * Also collects the CEL rules' problems: parse errors refuse the definition, rules cel-js cannot
 * evaluate become warnings.
 */
export function validateStructural(schema: JSONSchemaProps, path: Path): { causes: StatusCause[]; warnings: string[] } {
  const causes: StatusCause[] = [];
  node(schema, path, causes, { root: true, embedded: false });
  if (schema.type !== 'object' && !causes.some((c) => c.field === pathString([...path, 'type']))) {
    causes.push(invalid([...path, 'type'], schema.type ?? '', 'must be object at the root'));
  }
  checkRootMetadata(schema, path, causes);
  const warnings: string[] = [];
  for (const { path: p, compiled } of rulesOf(schema, path)) {
    if (compiled.invalid) causes.push(invalid([...p, 'rule'], compiled.rule.rule, `compilation failed: ${compiled.invalid}`));
    else if (compiled.unsupported) {
      warnings.push(`${pathString([...p, 'rule'])}: rule ${JSON.stringify(compiled.rule.rule)} cannot be evaluated by Skiff's CEL evaluator (${compiled.unsupported}); objects it applies to will be refused`);
    }
  }
  return { causes, warnings };
}

function node(s: JSONSchemaProps, path: Path, out: StatusCause[], at: { root: boolean; embedded: boolean; inItems?: boolean }): void {
  if (!s || typeof s !== 'object' || Array.isArray(s)) {
    out.push(invalid(path, s, 'must be a schema object'));
    return;
  }
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.type === undefined || s.type === '') {
    if (!intOrString && !preserve && !s['x-kubernetes-embedded-resource']) {
      out.push(required([...path, 'type'], at.root ? 'must not be empty at the root' : at.inItems ? 'must not be empty for specified array items' : 'must not be empty for specified object fields'));
    }
  } else if (!TYPES.includes(s.type)) {
    out.push({ reason: 'FieldValueNotSupported', field: pathString([...path, 'type']), message: `Unsupported value: ${goValue(s.type)}: supported values: ${TYPES.map((t) => `"${t}"`).join(', ')}` });
  } else if (intOrString) {
    out.push(invalid([...path, 'type'], s.type, 'must be empty to be structural'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) out.push(invalid([...path, 'x-kubernetes-preserve-unknown-fields'], false, 'must be true or undefined'));
  if (s['x-kubernetes-embedded-resource'] && s.type !== 'object') out.push(invalid([...path, 'type'], s.type ?? '', 'must be object if x-kubernetes-embedded-resource is true'));
  if (s.type === 'array' && s.items === undefined) out.push(required([...path, 'items'], 'must be specified'));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    out.push(forbidden([...path, 'additionalProperties'], 'additionalProperties and properties are mutual exclusive'));
  }
  if (s.uniqueItems === true) out.push(forbidden([...path, 'uniqueItems'], 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.pattern !== undefined && !safeRegExp(s.pattern)) {
    out.push(invalid([...path, 'pattern'], s.pattern, "must be a valid regular expression, but isn't"));
  }
  checkListType(s, path, out);
  for (const [key, prop] of Object.entries(s.properties ?? {})) node(prop, [...path, 'properties', { key }], out, { root: false, embedded: false });
  if (s.items) {
    if (Array.isArray(s.items)) out.push(forbidden([...path, 'items'], 'items must be a schema object and not an array'));
    else node(s.items, [...path, 'items'], out, { root: false, embedded: false, inItems: true });
  }
  if (typeof s.additionalProperties === 'object') node(s.additionalProperties, [...path, 'additionalProperties'], out, { root: false, embedded: false });
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    (s[k] ?? []).forEach((sub, i) => {
      // An int-or-string field may spell its two types out as anyOf [integer, string], as upstream allows.
      const fields = intOrString ? (['default', 'additionalProperties', 'nullable', 'x-kubernetes-preserve-unknown-fields'] as const) : (['type', 'default', 'additionalProperties', 'nullable', 'x-kubernetes-preserve-unknown-fields'] as const);
      for (const f of fields) {
        if (sub[f] !== undefined) out.push(forbidden([...path, k, i, f], `must be empty to be structural`));
      }
    });
  }
}

function checkListType(s: JSONSchemaProps, path: Path, out: StatusCause[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (!['atomic', 'set', 'map'].includes(listType)) {
      out.push({ reason: 'FieldValueNotSupported', field: pathString([...path, 'x-kubernetes-list-type']), message: `Unsupported value: ${goValue(listType)}: supported values: "atomic", "set", "map"` });
    }
    if (s.type !== 'array') out.push(invalid([...path, 'type'], s.type ?? '', 'must be array if x-kubernetes-list-type is specified'));
  }
  if (listType === 'map') {
    if (!keys || keys.length === 0) out.push(required([...path, 'x-kubernetes-list-map-keys'], 'must not be empty if x-kubernetes-list-type is map'));
    const item = s.items;
    if (item && item.type !== 'object') out.push(invalid([...path, 'items', 'type'], item.type ?? '', 'must be object if parent array\'s x-kubernetes-list-type is map'));
    for (const k of keys ?? []) {
      const prop = item?.properties?.[k];
      if (!prop) out.push(invalid([...path, 'x-kubernetes-list-map-keys'], keys, `entries must all be names of item properties`));
      else if (!(item?.required ?? []).includes(k) && prop.default === undefined) {
        out.push(required([...path, 'items', 'properties', { key: k }], 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
      }
    }
  } else if (keys !== undefined) {
    out.push(forbidden([...path, 'x-kubernetes-list-map-keys'], 'can only be set if x-kubernetes-list-type is map'));
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && !['granular', 'atomic'].includes(mapType)) {
    out.push({ reason: 'FieldValueNotSupported', field: pathString([...path, 'x-kubernetes-map-type']), message: `Unsupported value: ${goValue(mapType)}: supported values: "granular", "atomic"` });
  }
}

function checkRootMetadata(schema: JSONSchemaProps, path: Path, out: StatusCause[]): void {
  const meta = schema.properties?.metadata;
  if (!meta) return;
  const mp: Path = [...path, 'properties', { key: 'metadata' }];
  if (meta.type !== undefined && meta.type !== 'object') out.push(invalid([...mp, 'type'], meta.type, 'must be object'));
  for (const key of Object.keys(meta.properties ?? {})) {
    if (key !== 'name' && key !== 'generateName') {
      out.push(forbidden([...mp, 'properties', { key }], 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  for (const key of Object.keys(meta)) {
    if (!['type', 'properties', 'description'].includes(key)) out.push(forbidden([...mp, key], 'must not be specified for metadata; only type, properties (name, generateName) and description are allowed'));
  }
}
