import { applyFields } from '../../../shared/api/fieldmanager/apply';
import { ApplyConflictError } from '../../../shared/api/fieldmanager/conflict';
import { customTypeSchema } from '../../../shared/api/fieldmanager/type-schema';
import type { JsonObject } from '../../../shared/api/patch/json';
import type { JSONSchemaProps } from '../../../shared/api/types/apiextensions/crd';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        routes: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'port'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', default: 80 }, target: { type: 'string' } } },
        },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        args: { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } },
        untyped: { type: 'array', items: { type: 'string' } },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        byZone: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { hosts: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
        },
      },
    },
  },
};

describe('customTypeSchema', () => {
  const types = customTypeSchema('Widget', schema);
  it.each([
    ['spec.routes', { type: 'map', keys: ['name', 'port'], defaults: { port: 80 } }],
    ['spec.tags', { type: 'set' }],
    ['spec.args', { type: 'atomic' }],
    ['spec.untyped', { type: 'atomic' }],
    ['spec.unknown', { type: 'atomic' }],
    ['spec.byZone.us-east-1.hosts', { type: 'set' }],
    ['spec.byZone.example.com/zone.hosts', { type: 'set' }],
    ['metadata.finalizers', { type: 'set' }],
  ])('%s', (path, expected) => expect(types.listTypeAt(path)).toEqual(expected));

  it('reads x-kubernetes-map-type: atomic', () => {
    expect(types.isAtomicStruct('spec.selector')).toBe(true);
    expect(types.isAtomicStruct('spec.byZone')).toBe(false);
  });
});

describe('server-side apply of a custom resource', () => {
  const base = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } };
  const apply = (live: JsonObject | undefined, spec: JsonObject, manager: string, force = false) =>
    applyFields({ kind: 'Widget', schema, apiVersion: 'example.com/v1', hasStatus: false, live, config: { ...base, spec }, manager, force, now: 'T1' });

  it('keeps both managers\' entries of a map-list and set, and owns them per key', () => {
    const a = apply(undefined, { routes: [{ name: 'web', port: 80, target: 'a' }], tags: ['x'], args: ['1'] }, 'a');
    const b = apply(a, { routes: [{ name: 'api', port: 8080, target: 'b' }], tags: ['y'] }, 'b');
    expect((b.spec as JsonObject).routes).toEqual([
      { name: 'web', port: 80, target: 'a' },
      { name: 'api', port: 8080, target: 'b' },
    ]);
    expect((b.spec as JsonObject).tags).toEqual(['x', 'y']);
    const managed = (b.metadata as JsonObject).managedFields as JsonObject[];
    const fieldsOf = (m: string) => JSON.stringify(managed.find((e) => e.manager === m)?.fieldsV1);
    expect(fieldsOf('b')).toContain('k:{\\"name\\":\\"api\\",\\"port\\":8080}');
    expect(fieldsOf('b')).not.toContain('web');
    expect(fieldsOf('a')).toContain('"f:args":{}');

    // Manager a stops applying its route: only its entry goes.
    const a2 = apply(b, { tags: ['x'], args: ['1'] }, 'a');
    expect((a2.spec as JsonObject).routes).toEqual([{ name: 'api', port: 8080, target: 'b' }]);
  });

  it('refuses another manager\'s value of a map-list entry with upstream\'s conflict', () => {
    const a = apply(undefined, { routes: [{ name: 'web', port: 80, target: 'a' }] }, 'a');
    let caught: unknown;
    try {
      apply(a, { routes: [{ name: 'web', port: 80, target: 'b' }] }, 'b');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ApplyConflictError);
    const err = caught as ApplyConflictError;
    expect(err.code).toBe(409);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "a": .spec.routes[name="web",port=80].target');
    expect((apply(a, { routes: [{ name: 'web', port: 80, target: 'b' }] }, 'b', true).spec as JsonObject).routes).toEqual([{ name: 'web', port: 80, target: 'b' }]);
  });

  it('replaces an atomic list and an atomic map whole', () => {
    const a = apply(undefined, { args: ['1', '2'], selector: { x: '1', y: '2' } }, 'a');
    const a2 = apply(a, { args: ['3'], selector: { z: '3' } }, 'a');
    expect(a2.spec).toEqual({ args: ['3'], selector: { z: '3' } });
  });
});
