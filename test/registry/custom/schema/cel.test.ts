import type { JSONSchemaProps } from '../../../../shared/api/types/apiextensions/crd';
import { compileRule, validateCel } from '../../../../shared/registry/custom/schema/cel';

const schema = (rules: JSONSchemaProps['x-kubernetes-validations']): JSONSchemaProps => ({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-validations': rules,
      properties: { replicas: { type: 'integer' }, max: { type: 'integer' }, name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
    },
  },
});

const run = (rules: JSONSchemaProps['x-kubernetes-validations'], spec: unknown, old?: unknown) =>
  validateCel(schema(rules), { spec }, old === undefined ? undefined : { spec: old }).map((c) => `${c.field}: ${c.message}`);

describe('validateCel', () => {
  it.each<[string, JSONSchemaProps['x-kubernetes-validations'], unknown, unknown, string[]]>([
    ['a passing rule', [{ rule: 'self.replicas <= self.max' }], { replicas: 1, max: 2 }, undefined, []],
    ['a failing rule with its message', [{ rule: 'self.replicas <= self.max', message: 'too many' }], { replicas: 3, max: 2 }, undefined, ['spec: Invalid value: "object": too many']],
    ['a failing rule without a message', [{ rule: 'self.replicas <= self.max' }], { replicas: 3, max: 2 }, undefined, ['spec: Invalid value: "object": failed rule: self.replicas <= self.max']],
    ['messageExpression', [{ rule: 'self.replicas <= self.max', messageExpression: '"replicas " + string(self.replicas) + " > " + string(self.max)' }], { replicas: 3, max: 2 }, undefined, ['spec: Invalid value: "object": replicas 3 > 2']],
    ['reason and fieldPath', [{ rule: 'has(self.name)', reason: 'FieldValueRequired', fieldPath: '.name', message: 'name is required' }], { replicas: 1 }, undefined, ['spec.name: Required value: name is required']],
    ['macros and string functions', [{ rule: 'self.tags.all(t, t.startsWith("x-")) && self.name.matches("^[a-z]+$") && size(self.tags) == 2' }], { name: 'abc', tags: ['x-a', 'x-b'] }, undefined, []],
    ['a transition rule on update', [{ rule: 'self.name == oldSelf.name', message: 'name is immutable' }], { name: 'b' }, { name: 'a' }, ['spec: Invalid value: "object": name is immutable']],
    ['a transition rule skipped on create', [{ rule: 'self.name == oldSelf.name' }], { name: 'b' }, undefined, []],
    ['a runtime error (no such key)', [{ rule: 'self.name == "a"' }], { replicas: 1 }, undefined, ['spec: Invalid value: "object": No such key: name']],
    ['a rule needing a Kubernetes CEL library function (fails closed)', [{ rule: 'isURL(self.name)' }], { name: 'https://x' }, undefined, [expect.stringMatching(/^spec: Invalid value: "object": rule cannot be evaluated by Skiff's CEL evaluator \(.*\): isURL\(self.name\)$/) as unknown as string]],
  ])('%s', (_what, rules, spec, old, expected) => {
    expect(run(rules, spec, old)).toEqual(expected);
  });

  it('tells parse errors from functions it lacks', () => {
    expect(compileRule({ rule: 'self.a >' }).invalid).toBeDefined();
    expect(compileRule({ rule: 'quantity(self.q).isGreaterThan(quantity("1"))' }).unsupported).toBeDefined();
    const plain = compileRule({ rule: 'self.a > 1' });
    expect([plain.invalid, plain.unsupported, plain.transition, typeof plain.program]).toEqual([undefined, undefined, false, 'function']);
    expect(compileRule({ rule: 'self.a == oldSelf.a' }).transition).toBe(true);
  });
});
