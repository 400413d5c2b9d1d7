import { evaluateMatchConditions } from '../../shared/admission/match-conditions';
import { jsonToCel } from '../../shared/cel/values';
import { mutatingWebhookConfigurationStrategy } from '../../shared/registry/kinds/webhookconfig';

const vars = {
  object: jsonToCel({ metadata: { name: 'p', labels: { app: 'web' } }, spec: { replicas: 3 } }),
  oldObject: null,
  request: jsonToCel({ operation: 'CREATE', userInfo: { username: 'alice' } }),
  params: null,
  namespaceObject: null,
};
const cond = (name: string, expression: string) => ({ name, expression });

describe('matchConditions (upstream matcher semantics)', () => {
  it.each([
    ['no conditions match', [], 'Fail', { matches: true }],
    ['all true', [cond('a', 'object.spec.replicas > 1'), cond('b', "request.userInfo.username == 'alice'")], 'Fail', { matches: true }],
    ['one false', [cond('a', 'true'), cond('not-web', "object.metadata.labels.app != 'web'")], 'Fail', { matches: false, failedCondition: 'not-web' }],
    ['false wins over an error', [cond('err', 'object.spec.missing == 1'), cond('f', 'false')], 'Fail', { matches: false, failedCondition: 'f' }],
    ['an error under Fail', [cond('err', 'object.spec.missing == 1')], 'Fail', { matches: false, error: "expression 'object.spec.missing == 1' resulted in error: No such key: missing" }],
    ['an error under Ignore', [cond('err', 'object.spec.missing == 1')], 'Ignore', { matches: false }],
    ['a non-bool under Fail', [cond('n', 'object.spec.replicas')], undefined, { matches: false, error: "expression 'object.spec.replicas' resulted in error: matchCondition n must evaluate to bool" }],
    ['oldObject is null on create', [cond('c', 'oldObject == null')], 'Fail', { matches: true }],
  ])('%s', (_label, conditions, failurePolicy, want) => {
    expect(evaluateMatchConditions(conditions, vars, failurePolicy)).toEqual(want);
  });
});

describe('webhook configurations: matchConditions at write time', () => {
  const config = (matchConditions: { name: string; expression: string }[]) => ({
    metadata: { name: 'c' },
    webhooks: [
      {
        name: 'a.b.example.com',
        clientConfig: { url: 'https://example.com/hook' },
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        matchConditions,
      },
    ],
  });
  const check = (matchConditions: { name: string; expression: string }[]) => {
    const obj = config(matchConditions);
    mutatingWebhookConfigurationStrategy.defaults?.(obj);
    return mutatingWebhookConfigurationStrategy.validate?.(obj) ?? [];
  };

  it('accepts valid conditions', () => {
    expect(check([cond('exclude-leases', "request.resource.resource != 'leases'")])).toEqual([]);
  });
  it('refuses an expression that does not compile, a bad or duplicate name, a missing expression', () => {
    const causes = check([cond('ok', 'object.spec.replicas <='), cond('-bad-', 'true'), cond('dup', 'true'), cond('dup', '')]);
    expect(causes.map((c) => c.field)).toEqual([
      'webhooks[0].matchConditions[0].expression',
      'webhooks[0].matchConditions[1].name',
      'webhooks[0].matchConditions[3].name',
      'webhooks[0].matchConditions[3].expression',
    ]);
    expect(causes[0].message).toMatch(/^Invalid value: "object.spec.replicas <=": compilation failed: /);
    expect(causes[2].message).toBe('Duplicate value: "dup"');
    expect(causes[3].message).toBe('Required value');
  });
  it('warns about an expression Skiff parses but cannot evaluate', () => {
    const obj = config([cond('q', "quantity('1Gi').isGreaterThan(quantity('1Mi'))")]);
    expect(mutatingWebhookConfigurationStrategy.warnings?.(obj)).toEqual([expect.stringMatching(/^webhooks\[0\]\.matchConditions\[0\]\.expression: expression cannot be evaluated by Skiff's CEL evaluator and fails closed: /)]);
  });
});
