import { JsonObject, JsonValue } from '../../../shared/api/patch/json';
import { FieldSet } from '../../../shared/api/fieldmanager/fieldset';
import { Typed } from '../../../shared/api/fieldmanager/typed';

const container = (name: string, extra: JsonObject = {}): JsonObject => ({ name, image: 'nginx', ...extra });
const podSpec = (...containers: JsonObject[]): JsonObject => ({ spec: { containers } });

describe('Typed.toFieldSet', () => {
  const cases: Array<[string, string, JsonValue, object]> = [
    ['owns scalars, not the maps holding them', 'ConfigMap', { data: { a: '1' } }, { 'f:data': { 'f:a': {} } }],
    ['owns nothing for an empty map', 'Pod', { spec: { containers: [container('c', { resources: {} })] } }, { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }],
    ['owns an atomic list whole', 'Pod', podSpec(container('c', { args: ['a', 'b'] })), { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {} } } } }],
    [
      'keys container ports by port and defaulted protocol',
      'Pod',
      podSpec(container('c', { ports: [{ containerPort: 80 }] })),
      { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } },
    ],
    ['keys service ports by port and protocol', 'Service', { spec: { ports: [{ port: 80, protocol: 'UDP' }] } }, { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } } } }],
    ['owns a deployment selector whole', 'Deployment', { spec: { selector: { matchLabels: { app: 'web' } } } }, { 'f:spec': { 'f:selector': {} } }],
    ['walks a service selector as a map', 'Service', { spec: { selector: { app: 'web' } } }, { 'f:spec': { 'f:selector': { 'f:app': {} } } }],
    ['owns finalizers by value', 'ConfigMap', { metadata: { finalizers: ['a/b'] } }, { 'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} } } }],
    ['owns owner references whole, by uid', 'Pod', { metadata: { ownerReferences: [{ uid: 'u1', name: 'rs', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] } }, { 'f:metadata': { 'f:ownerReferences': { 'k:{"uid":"u1"}': {} } } }],
    ['owns tolerations whole', 'Pod', { spec: { tolerations: [{ key: 'k', operator: 'Exists' }] } }, { 'f:spec': { 'f:tolerations': {} } }],
  ];
  it.each(cases)('%s', (_name, kind, value, expected) => {
    expect(new Typed(kind).toFieldSet(value).toFieldsV1()).toEqual(expected);
  });
});

describe('Typed.compare', () => {
  const fields = (s: FieldSet) => s.toFieldsV1();
  const cases: Array<[string, string, JsonValue, JsonValue, object, object, object]> = [
    ['finds a changed leaf', 'ConfigMap', { data: { a: '1' } }, { data: { a: '2' } }, {}, { 'f:data': { 'f:a': {} } }, {}],
    ['marks a new map as added with its keys', 'ConfigMap', { metadata: {} }, { metadata: { labels: { x: 'y' } } }, { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } }, {}, {}],
    ['marks a removed key as removed', 'ConfigMap', { data: { a: '1', b: '2' } }, { data: { a: '1' } }, {}, {}, { 'f:data': { 'f:b': {} } }],
    [
      'marks a new list item as added, not the list already there',
      'Pod',
      podSpec(container('a')),
      podSpec(container('a'), container('b')),
      { 'f:spec': { 'f:containers': { 'k:{"name":"b"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
      {},
      {},
    ],
    ['treats a null list as present', 'Pod', { spec: { containers: null } }, podSpec(container('a')), { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }, {}, {}],
    ['compares an atomic list whole', 'Pod', podSpec(container('a', { args: ['1'] })), podSpec(container('a', { args: ['2'] })), {}, { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { 'f:args': {} } } } }, {}],
    ['treats empty maps on both sides as one leaf', 'Pod', podSpec(container('a', { resources: {} })), podSpec(container('a', { resources: {} })), {}, {}, {}],
  ];
  it.each(cases)('%s', (_name, kind, lhs, rhs, added, modified, removed) => {
    const c = new Typed(kind).compare(lhs, rhs);
    expect([fields(c.added), fields(c.modified), fields(c.removed)]).toEqual([added, modified, removed]);
  });
});

describe('Typed.merge', () => {
  const cases: Array<[string, string, JsonValue, JsonValue, JsonValue]> = [
    ['merges maps key by key', 'ConfigMap', { data: { a: '1', b: '2' } }, { data: { b: '3', c: '4' } }, { data: { a: '1', b: '3', c: '4' } }],
    [
      'merges keyed items and keeps live-only ones',
      'Pod',
      podSpec(container('a', { imagePullPolicy: 'Always' }), container('sidecar')),
      podSpec(container('a', { image: 'nginx:2' })),
      podSpec({ name: 'a', image: 'nginx:2', imagePullPolicy: 'Always' }, container('sidecar')),
    ],
    ['follows the applied order of keyed items', 'Pod', podSpec(container('a'), container('b')), podSpec(container('b'), container('a')), podSpec(container('b'), container('a'))],
    ['replaces atomic lists', 'Pod', podSpec(container('a', { args: ['1', '2'] })), podSpec(container('a', { args: ['3'] })), podSpec(container('a', { args: ['3'] }))],
    ['unions sets', 'ConfigMap', { metadata: { finalizers: ['x'] } }, { metadata: { finalizers: ['y', 'x'] } }, { metadata: { finalizers: ['y', 'x'] } }],
    ['replaces atomic structs', 'Deployment', { spec: { selector: { matchLabels: { a: '1' } } } }, { spec: { selector: { matchExpressions: [] } } }, { spec: { selector: { matchExpressions: [] } } }],
  ];
  it.each(cases)('%s', (_name, kind, lhs, rhs, expected) => {
    expect(new Typed(kind).merge(lhs, rhs)).toEqual(expected);
  });
});

describe('Typed.removeItems', () => {
  it('removes fields and list items that are members, descending into the rest', () => {
    const t = new Typed('Pod');
    const pod = { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [container('a', { args: ['x'] }), container('b')] } };
    const set = FieldSet.of(['f:metadata', 'f:labels', 'f:b'], ['f:spec', 'f:containers', 'k:{"name":"b"}'], ['f:spec', 'f:containers', 'k:{"name":"a"}', 'f:args']);
    expect(t.removeItems(pod, set)).toEqual({ metadata: { labels: { a: '1' } }, spec: { containers: [container('a')] } });
  });
});
