import { evaluateJsonPath } from '../../../shared/registry/custom/jsonpath';

const OBJ = {
  metadata: { name: 'a', annotations: { 'x.io/y': 'z' } },
  spec: { replicas: 3, list: [{ n: 1 }, { n: 2 }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Issuing', status: 'False' }] },
};

describe('evaluateJsonPath', () => {
  it.each<[string, unknown[]]>([
    ['.spec.replicas', [3]],
    ['{.metadata.name}', ['a']],
    ['.spec.list[1].n', [2]],
    ['.spec.list[*].n', [1, 2]],
    [".metadata.annotations['x.io/y']", ['z']],
    ['.status.conditions[?(@.type == "Ready")].status', ['True']],
    [".status.conditions[?(@.type=='Issuing')].status", ['False']],
    ['.status.missing', []],
  ])('%s', (path, expected) => {
    expect(evaluateJsonPath(path, OBJ)).toEqual(expected);
  });
});
