import type { JSONSchemaProps } from '../../../../shared/api/types/apiextensions/crd';
import { safeRegExp, validateValue } from '../../../../shared/registry/custom/schema/validate';

const spec = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, ...extra } },
});

const messages = (schema: JSONSchemaProps, value: unknown) => validateValue(schema, value).map((c) => `${c.field}: ${c.message}`);

describe('validateValue', () => {
  it.each<[string, JSONSchemaProps, unknown, string[]]>([
    ['a wrong type', spec({ replicas: { type: 'integer' } }), { spec: { replicas: 'x' } }, ['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']],
    ['a float for an integer', spec({ replicas: { type: 'integer' } }), { spec: { replicas: 1.5 } }, ['spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"']],
    ['an object for a string', spec({ name: { type: 'string' } }), { spec: { name: {} } }, ['spec.name: Invalid value: "object": spec.name in body must be of type string: "object"']],
    ['a missing required field', spec({ a: { type: 'string' } }, { required: ['a'] }), { spec: {} }, ['spec.a: Required value']],
    ['a value outside the enum', spec({ c: { type: 'string', enum: ['red', 'blue'] } }), { spec: { c: 'pink' } }, ['spec.c: Unsupported value: "pink": supported values: "red", "blue"']],
    ['a pattern mismatch', spec({ s: { type: 'string', pattern: '^[a-z]+$' } }), { spec: { s: 'A1' } }, ["spec.s: Invalid value: \"A1\": spec.s in body should match '^[a-z]+$'"]],
    ['a value over the maximum', spec({ n: { type: 'integer', maximum: 3 } }), { spec: { n: 4 } }, ['spec.n: Invalid value: 4: spec.n in body should be less than or equal to 3']],
    ['a value at an exclusive minimum', spec({ n: { type: 'number', minimum: 0, exclusiveMinimum: true } }), { spec: { n: 0 } }, ['spec.n: Invalid value: 0: spec.n in body should be greater than 0']],
    ['a string too long', spec({ s: { type: 'string', maxLength: 2 } }), { spec: { s: 'abc' } }, ['spec.s: Too long: may not be more than 2 bytes']],
    ['a string too short', spec({ s: { type: 'string', minLength: 2 } }), { spec: { s: 'a' } }, ['spec.s: Invalid value: "a": spec.s in body should be at least 2 chars long']],
    ['too many items', spec({ l: { type: 'array', items: { type: 'string' }, maxItems: 1 } }), { spec: { l: ['a', 'b'] } }, ['spec.l: Too many: 2: must have at most 1 items']],
    ['too few items', spec({ l: { type: 'array', items: { type: 'string' }, minItems: 1 } }), { spec: { l: [] } }, ['spec.l: Invalid value: 0: spec.l in body should have at least 1 items']],
    ['a bad item deep down', spec({ l: { type: 'array', items: { type: 'object', properties: { p: { type: 'integer' } } } } }), { spec: { l: [{ p: 1 }, { p: 'x' }] } }, ['spec.l[1].p: Invalid value: "string": spec.l[1].p in body must be of type integer: "string"']],
    ['a map value of the wrong type', spec({ m: { type: 'object', additionalProperties: { type: 'string' } } }), { spec: { m: { a: 1 } } }, ['spec.m[a]: Invalid value: "integer": spec.m[a] in body must be of type string: "integer"']],
    ['a duplicate in a set', spec({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } }), { spec: { l: ['a', 'a'] } }, ['spec.l[1]: Duplicate value: "a"']],
    ['a duplicate map key', spec({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } } }), { spec: { l: [{ name: 'a' }, { name: 'a' }] } }, ['spec.l[1]: Duplicate value: map[string]interface {}{"name":"a"}']],
    ['a bad date-time', spec({ t: { type: 'string', format: 'date-time' } }), { spec: { t: 'yesterday' } }, ['spec.t: Invalid value: "yesterday": spec.t in body must be of type date-time: "yesterday"']],
    ['bad base64 bytes', spec({ b: { type: 'string', format: 'byte' } }), { spec: { b: 'not base64!' } }, ['spec.b: Invalid value: "not base64!": spec.b in body must be of type byte: "not base64!"']],
    ['an int32 overflow', spec({ n: { type: 'integer', format: 'int32' } }), { spec: { n: 2147483648 } }, ['spec.n: Invalid value: 2147483648: spec.n in body must be of type int32: "2147483648"']],
    ['a boolean for int-or-string', spec({ p: { 'x-kubernetes-int-or-string': true } }), { spec: { p: true } }, ['spec.p: Invalid value: "boolean": spec.p in body must be of type integer,string: "boolean"']],
    ['an embedded resource without kind', spec({ r: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } }), { spec: { r: { apiVersion: 'v1' } } }, ['spec.r.kind: Required value: must not be empty']],
  ])('reports %s as upstream does', (_what, schema, value, expected) => {
    expect(messages(schema, value)).toEqual(expected);
  });

  it.each<[string, JSONSchemaProps, unknown]>([
    ['int-or-string as an integer', spec({ p: { 'x-kubernetes-int-or-string': true } }), { spec: { p: 8080 } }],
    ['int-or-string as a string', spec({ p: { 'x-kubernetes-int-or-string': true } }), { spec: { p: 'http' } }],
    ['null where nullable', spec({ s: { type: 'string', nullable: true } }), { spec: { s: null } }],
    ['anything under preserve-unknown-fields', spec({ x: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }), { spec: { x: { a: [1, { b: 2 }] } } }],
    ['an integer for a number', spec({ n: { type: 'number' } }), { spec: { n: 3 } }],
    ['a valid date-time and date', spec({ t: { type: 'string', format: 'date-time' }, d: { type: 'string', format: 'date' } }), { spec: { t: '2024-01-02T03:04:05Z', d: '2024-01-02' } }],
    ['metadata, which ObjectMeta validates instead', spec({}), { metadata: { name: 'x', labels: { a: 'b' } }, spec: {} }],
  ])('accepts %s', (_what, schema, value) => {
    expect(messages(schema, value)).toEqual([]);
  });
});

describe('safeRegExp', () => {
  it.each<[string, string, boolean]>([
    ['^(?i)(abort|warn)?$', 'ABORT', true],
    ['^(?i)(abort|warn)?$', 'other', false],
    ['(?i)^(abort|warn)?$', 'ABORT', true],
    ['^[a-z]+\\z', 'abc', true],
    ['^a\\_b$', 'a_b', true],
  ])('reads the RE2 pattern %s', (pattern, value, matches) => {
    expect(safeRegExp(pattern)?.test(value)).toBe(matches);
  });
});
