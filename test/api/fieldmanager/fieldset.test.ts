import { FieldSet } from '../../../shared/api/fieldmanager/fieldset';
import { compareElements, keyElement, pathString, valueElement } from '../../../shared/api/fieldmanager/path';

describe('FieldSet', () => {
  const deploymentFields = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:replicas': {},
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} },
          },
        },
      },
    },
  };

  it('reads and writes the fieldsV1 trie unchanged', () => {
    expect(FieldSet.fromFieldsV1(deploymentFields).toFieldsV1()).toEqual(deploymentFields);
  });

  it('lists paths members first, then children, each sorted', () => {
    const paths = FieldSet.fromFieldsV1(deploymentFields).paths().map(pathString);
    expect(paths).toEqual([
      '.metadata.labels',
      '.metadata.labels.app',
      '.spec.replicas',
      '.spec.template.spec.containers[name="web"]',
      '.spec.template.spec.containers[name="web"].image',
      '.spec.template.spec.containers[name="web"].name',
    ]);
  });

  const a = FieldSet.of(['f:data', 'f:x'], ['f:data', 'f:y']);
  const b = FieldSet.of(['f:data', 'f:y'], ['f:data', 'f:z']);
  const cases: Array<[string, FieldSet, object]> = [
    ['union', a.union(b), { 'f:data': { 'f:x': {}, 'f:y': {}, 'f:z': {} } }],
    ['difference', a.difference(b), { 'f:data': { 'f:x': {} } }],
    ['intersection', a.intersection(b), { 'f:data': { 'f:y': {} } }],
    ['difference to nothing', a.difference(a), {}],
  ];
  it.each(cases)('computes the %s', (_name, set, expected) => {
    expect(set.toFieldsV1()).toEqual(expected);
  });

  it('tells a path from a prefix of one', () => {
    const set = FieldSet.of(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']);
    expect(set.has(['f:spec', 'f:containers', 'k:{"name":"web"}'])).toBe(false);
    expect(set.hasPrefix(['f:spec', 'f:containers', 'k:{"name":"web"}'])).toBe(true);
    expect(set.hasPrefix(['f:spec', 'f:replicas'])).toBe(false);
  });

  const printed: Array<[string[], string]> = [
    [['f:data', 'f:key'], '.data.key'],
    [['f:spec', 'f:ports', keyElement({ protocol: 'TCP', port: 80 })], '.spec.ports[port=80,protocol="TCP"]'],
    [['f:metadata', 'f:finalizers', valueElement('example.com/x')], '.metadata.finalizers[="example.com/x"]'],
    [['f:items', 'i:2'], '.items[2]'],
  ];
  it.each(printed)('prints %j as %s', (path, expected) => {
    expect(pathString(path)).toBe(expected);
  });

  it('orders fields before keys before values, keys by name then value', () => {
    const elements = ['v:"b"', 'k:{"name":"b"}', 'f:z', 'k:{"name":"a"}', 'f:a', 'v:"a"'];
    expect([...elements].sort(compareElements)).toEqual(['f:a', 'f:z', 'k:{"name":"a"}', 'k:{"name":"b"}', 'v:"a"', 'v:"b"']);
  });

  it('sorts key fields by name inside a key element', () => {
    expect(keyElement({ protocol: 'TCP', containerPort: 80 })).toBe('k:{"containerPort":80,"protocol":"TCP"}');
  });
});
