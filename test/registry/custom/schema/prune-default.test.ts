import type { JSONSchemaProps } from '../../../../shared/api/types/apiextensions/crd';
import { applyDefaults } from '../../../../shared/registry/custom/schema/default';
import { prune } from '../../../../shared/registry/custom/schema/prune';

const SCHEMA: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        template: { type: 'object', default: {}, properties: { image: { type: 'string', default: 'nginx' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        list: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 } } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        maybe: { type: 'string', nullable: true },
        never: { type: 'string' },
      },
    },
  },
};

describe('prune', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['drops fields the schema does not specify', { spec: { replicas: 2, extra: 1, list: [{ name: 'a', bad: true }] }, status: {} }, { spec: { replicas: 2, list: [{ name: 'a' }] } }, ['spec.extra', 'spec.list[0].bad', 'status']],
    ['keeps map entries and preserved subtrees', { spec: { labels: { a: 'b' }, free: { anything: { goes: 1 } } } }, { spec: { labels: { a: 'b' }, free: { anything: { goes: 1 } } } }, []],
    ['keeps an embedded resource\'s type and metadata fields, pruning unknown metadata', { spec: { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', bogus: 1 }, spec: {}, other: 1 } } }, { spec: { embedded: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } } }, ['spec.embedded.other', 'spec.embedded.metadata.bogus']],
    ['drops nulls of non-nullable fields and keeps nullable ones', { spec: { maybe: null, never: null } }, { spec: { maybe: null } }, []],
  ])('%s', (_what, input, expected, unknown) => {
    const value = structuredClone(input);
    expect(prune(SCHEMA, value)).toEqual(unknown);
    expect(value).toEqual(expected);
  });
});

describe('applyDefaults', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['fills absent fields, then the defaults of what it filled', { spec: {} }, { spec: { replicas: 1, template: { image: 'nginx' } } }],
    ['keeps values that are set', { spec: { replicas: 0, template: { image: 'redis' } } }, { spec: { replicas: 0, template: { image: 'redis' } } }],
    ['defaults list items', { spec: { list: [{ name: 'a' }, { name: 'b', port: 8080 }] } }, { spec: { replicas: 1, template: { image: 'nginx' }, list: [{ name: 'a', port: 80 }, { name: 'b', port: 8080 }] } }],
    ['leaves an absent parent absent', {}, {}],
  ])('%s', (_what, input, expected) => {
    const value = structuredClone(input);
    applyDefaults(SCHEMA, value);
    expect(value).toEqual(expected);
  });
});
