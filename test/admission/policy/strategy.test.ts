import { rulesCover } from '../../../shared/admission/policy/match';
import type { AdmissionAttributes } from '../../../shared/admission/attributes';
import { findResource } from '../../../shared/registry/catalog';
import { validatingAdmissionPolicyBindingStrategy as bindings, validatingAdmissionPolicyStrategy as policies } from '../../../shared/registry/kinds/admissionpolicy';
import type { KubeObject, ResourceDef } from '../../../shared/registry/resource';

const rule = { apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] };
const check = (s: typeof policies, obj: object) => {
  const o = structuredClone(obj) as KubeObject;
  s.defaults?.(o);
  return (s.validate?.(o) ?? []).map((c) => `${c.field}: ${c.message}`);
};

describe('ValidatingAdmissionPolicy validation (upstream messages)', () => {
  const policy = (spec: object) => ({ metadata: { name: 'p.example.com' }, spec: { matchConstraints: { resourceRules: [rule] }, validations: [{ expression: 'true' }], ...spec } });
  it.each([
    ['a valid policy', policy({}), []],
    ['no matchConstraints', policy({ matchConstraints: undefined }), ['spec.matchConstraints: Required value']],
    ['no validations', policy({ validations: [] }), ['spec.validations: Required value: validations or auditAnnotations must contain at least one item']],
    ['bad CEL', policy({ validations: [{ expression: 'object.spec.replicas <=' }] }), [expect.stringMatching(/^spec\.validations\[0\]\.expression: Invalid value: "object.spec.replicas <=": compilation failed: /)]],
    ['a bad reason and failurePolicy', policy({ failurePolicy: 'Never', validations: [{ expression: 'true', reason: 'Teapot' }] }), [
      'spec.failurePolicy: Unsupported value: "Never": supported values: "Fail", "Ignore"',
      'spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"',
    ]],
    ['a bad variable name', policy({ variables: [{ name: 'my-var', expression: '1' }] }), ['spec.variables[0].name: Invalid value: "my-var": name is not a valid CEL identifier']],
    ['a message with a line break', policy({ validations: [{ expression: 'true', message: 'a\nb' }] }), ['spec.validations[0].message: Invalid value: "a\\nb": message must not contain line breaks']],
  ])('%s', (_l, obj, want) => {
    expect(check(policies, obj)).toEqual(want);
  });

  const binding = (spec: object) => ({ metadata: { name: 'b' }, spec: { policyName: 'p.example.com', validationActions: ['Deny'], ...spec } });
  it.each([
    ['a valid binding', binding({}), []],
    ['no actions', binding({ validationActions: [] }), ['spec.validationActions: Required value: at least one validation action is required']],
    ['Deny and Warn', binding({ validationActions: ['Deny', 'Warn'] }), ['spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)']],
    ['a name and a selector', binding({ paramRef: { name: 'x', selector: {} } }), ['spec.paramRef.name: Forbidden: name and selector are mutually exclusive']],
    ['no policyName', binding({ policyName: '' }), ['spec.policyName: Required value']],
  ])('%s', (_l, obj, want) => {
    expect(check(bindings, obj)).toEqual(want);
  });

  it('defaults parameterNotFoundAction to Deny and failurePolicy to Fail', () => {
    const b = binding({ paramRef: { name: 'x' } }) as KubeObject;
    bindings.defaults?.(b);
    expect((b.spec as { paramRef: object }).paramRef).toEqual({ name: 'x', parameterNotFoundAction: 'Deny' });
    const p = policy({}) as KubeObject;
    policies.defaults?.(p);
    expect((p.spec as { failurePolicy: string }).failurePolicy).toBe('Fail');
  });
});

describe('matchConstraints rules', () => {
  const attrs = (name: string, operation: AdmissionAttributes['operation'] = 'CREATE'): AdmissionAttributes => ({
    operation,
    def: findResource('apps', 'v1', 'deployments') as ResourceDef,
    name,
    namespace: 'default',
    dryRun: false,
  });
  it.each([
    ['a matching rule', { resourceRules: [rule] }, attrs('a'), true],
    ['another operation', { resourceRules: [rule] }, attrs('a', 'UPDATE'), false],
    ['resourceNames', { resourceRules: [{ ...rule, resourceNames: ['b'] }] }, attrs('a'), false],
    ['an exclusion', { resourceRules: [rule], excludeResourceRules: [{ ...rule, resourceNames: ['a'] }] }, attrs('a'), false],
    ['an exclusion of another name', { resourceRules: [rule], excludeResourceRules: [{ ...rule, resourceNames: ['b'] }] }, attrs('a'), true],
    ['a wildcard', { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] }, attrs('a', 'DELETE'), true],
  ])('%s', (_l, m, a, want) => {
    expect(rulesCover(m, a)).toBe(want);
  });
});
