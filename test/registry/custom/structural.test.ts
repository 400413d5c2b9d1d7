import type { JSONSchemaProps } from '../../../shared/api/types/apiextensions/crd';
import { validateStructural } from '../../../shared/registry/custom/structural';

const root = (spec: JSONSchemaProps, extra: Record<string, JSONSchemaProps> = {}): JSONSchemaProps => ({ type: 'object', properties: { spec, ...extra } });
const P = ['spec', 'versions', 0, 'schema', 'openAPIV3Schema'];
const check = (s: JSONSchemaProps) => validateStructural(s, P).causes.map((c) => `${c.field}: ${c.message}`);
const at = (rest: string) => `spec.versions[0].schema.openAPIV3Schema${rest}`;

describe('validateStructural', () => {
  it.each<[string, JSONSchemaProps, string[]]>([
    ['a structural schema', root({ type: 'object', properties: { a: { type: 'string' }, p: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } } }), []],
    ['a field without a type', root({ type: 'object', properties: { a: { description: 'x' } } }), [`${at('.properties[spec].properties[a].type')}: Required value: must not be empty for specified object fields`]],
    ['a root that is not an object', { type: 'string' }, [`${at('.type')}: Invalid value: "string": must be object at the root`]],
    ['an array without items', root({ type: 'array' }), [`${at('.properties[spec].items')}: Required value: must be specified`]],
    ['properties with additionalProperties', root({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } }), [`${at('.properties[spec].additionalProperties')}: Forbidden: additionalProperties and properties are mutual exclusive`]],
    ['metadata fields beyond name and generateName', root({ type: 'object' }, { metadata: { type: 'object', properties: { labels: { type: 'object' } } } }), [`${at('.properties[metadata].properties[labels]')}: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`]],
    ['a map list without keys', root({ type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object' } }), [`${at('.properties[spec].x-kubernetes-list-map-keys')}: Required value: must not be empty if x-kubernetes-list-type is map`]],
    ['a type inside anyOf', root({ type: 'object', anyOf: [{ type: 'object' }] }), [`${at('.properties[spec].anyOf[0].type')}: Forbidden: must be empty to be structural`]],
    ['a CEL rule that does not parse', root({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a >' }] }), [expect.stringMatching(/^spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\[spec\]\.x-kubernetes-validations\[0\]\.rule: Invalid value: "self\.a >": compilation failed: /) as unknown as string]],
  ])('%s', (_what, schema, expected) => {
    expect(check(schema)).toEqual(expected);
  });

  it('warns about rules cel-js cannot evaluate instead of refusing them', () => {
    const r = validateStructural(root({ type: 'object', 'x-kubernetes-validations': [{ rule: 'isURL(self.u)' }] }), P);
    expect(r.causes).toEqual([]);
    expect(r.warnings).toEqual([expect.stringContaining(`${at('.properties[spec].x-kubernetes-validations[0].rule')}: rule "isURL(self.u)" cannot be evaluated by Skiff's CEL evaluator`)]);
  });
});
