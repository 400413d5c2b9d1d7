import { ApiError } from '../../../shared/api/errors';
import { clearAdmissionCache } from '../../../shared/admission/cache';
import { bootstrapCluster } from '../../../shared/bootstrap/cluster';
import { findResource } from '../../../shared/registry/catalog';
import { createObject } from '../../../shared/registry/create';
import { ResourceDef } from '../../../shared/registry/resource';
import { ObjectStore } from '../../../shared/storage/store';
import { freshTable } from '../../support/dynamo';
import { withAuditAnnotations } from '../../../shared/auth/audit/annotations';

const def = (g: string, r: string) => findResource(g, 'v1', r) as ResourceDef;
const POLICIES = def('admissionregistration.k8s.io', 'validatingadmissionpolicies');
const BINDINGS = def('admissionregistration.k8s.io', 'validatingadmissionpolicybindings');
const DEPLOYMENTS = def('apps', 'deployments');
const CONFIGMAPS = def('', 'configmaps');
const WRITE = { dryRun: false, fieldValidation: 'Strict' as const };

const rules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }];
const deployment = (name: string, replicas: number, labels: Record<string, string> = { app: name }) => ({
  metadata: { name, labels },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
});

describe('ValidatingAdmissionPolicy plugin', () => {
  let store: ObjectStore;
  const create = async (d: ResourceDef, ns: string | undefined, obj: object) => createObject({ store }, d, ns, obj, WRITE);
  const refusal = async (obj: object, ns = 'default') => {
    clearAdmissionCache();
    try {
      await create(DEPLOYMENTS, ns, obj);
    } catch (err) {
      return err as ApiError;
    }
    return undefined;
  };

  beforeAll(async () => {
    const { client, table } = await freshTable();
    store = new ObjectStore({ client, table, gapTimeoutMs: 200 });
    await bootstrapCluster({ store });
    await create(POLICIES, undefined, {
      metadata: { name: 'demo-policy.example.com' },
      spec: {
        matchConstraints: { resourceRules: rules },
        variables: [{ name: 'limit', expression: '5' }],
        validations: [
          { expression: 'object.spec.replicas <= variables.limit' },
          { expression: "!has(object.metadata.labels.forbidden)", messageExpression: "'label forbidden set on ' + object.metadata.name", reason: 'Forbidden' },
        ],
      },
    });
    await create(BINDINGS, undefined, {
      metadata: { name: 'demo-binding-test.example.com' },
      spec: { policyName: 'demo-policy.example.com', validationActions: ['Deny'], matchResources: { objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] } } },
    });
  });

  it('denies with upstream message, code and cause', async () => {
    const err = await refusal(deployment('big', 6));
    expect(err?.code).toBe(422);
    expect(err?.reason).toBe('Invalid');
    const message = "ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= variables.limit";
    expect(err?.message).toBe(`deployments.apps "big" is forbidden: ${message}`);
    expect(err?.details).toEqual({ name: 'big', group: 'apps', kind: 'deployments', causes: [{ message }] });
  });

  it('uses the messageExpression and the reason', async () => {
    const err = await refusal(deployment('labelled', 1, { app: 'labelled', forbidden: 'x' }));
    expect(err?.code).toBe(403);
    expect(err?.message).toMatch(/denied request: label forbidden set on labelled$/);
  });

  it("admits what passes, and what the binding's matchResources leave out", async () => {
    expect(await refusal(deployment('small', 2))).toBeUndefined();
    expect(await refusal(deployment('skipped', 9, { app: 'skipped', skip: 'yes' }))).toBeUndefined();
  });

  it('warns instead with a Warn binding', async () => {
    await create(POLICIES, undefined, { metadata: { name: 'warn.example.com' }, spec: { matchConstraints: { resourceRules: rules }, validations: [{ expression: "object.metadata.name != 'warned'", message: 'name warned is discouraged' }] } });
    await create(BINDINGS, undefined, { metadata: { name: 'warn-binding' }, spec: { policyName: 'warn.example.com', validationActions: ['Warn'] } });
    clearAdmissionCache();
    const result = await create(DEPLOYMENTS, 'default', deployment('warned', 1));
    expect(result.warnings).toContain("Validation failed for ValidatingAdmissionPolicy 'warn.example.com' with binding 'warn-binding': name warned is discouraged");
  });

  it('reads a ConfigMap param, and applies parameterNotFoundAction', async () => {
    await create(POLICIES, undefined, {
      metadata: { name: 'param.example.com' },
      spec: {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: { resourceRules: rules, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'params' } } },
        validations: [{ expression: 'object.spec.replicas <= int(params.data.maxReplicas)', messageExpression: "'at most ' + params.data.maxReplicas + ' replicas'" }],
      },
    });
    await create(def('', 'namespaces'), undefined, { metadata: { name: 'params' } });
    await create(BINDINGS, undefined, { metadata: { name: 'param-binding' }, spec: { policyName: 'param.example.com', validationActions: ['Deny'], paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' } } });
    const missing = await refusal(deployment('p1', 1), 'params');
    expect(missing?.message).toMatch(/with binding 'param-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction$/);
    await create(CONFIGMAPS, 'params', { metadata: { name: 'limits' }, data: { maxReplicas: '3' } });
    expect(await refusal(deployment('p2', 3), 'params')).toBeUndefined();
    expect((await refusal(deployment('p3', 4), 'params'))?.message).toMatch(/denied request: at most 3 replicas$/);
  });

  it('fails per failurePolicy on an evaluation error', async () => {
    await create(POLICIES, undefined, { metadata: { name: 'err.example.com' }, spec: { failurePolicy: 'Fail', matchConstraints: { resourceRules: rules }, validations: [{ expression: "object.spec.template.metadata.annotations['x'] == 'y'" }] } });
    await create(BINDINGS, undefined, { metadata: { name: 'err-binding' }, spec: { policyName: 'err.example.com', validationActions: ['Deny'], matchResources: { objectSelector: { matchLabels: { app: 'err' } } } } });
    const err = await refusal(deployment('err', 1));
    expect(err?.message).toMatch(/binding 'err-binding' denied request: expression 'object.spec.template.metadata.annotations\['x'\] == 'y'' resulted in error: No such key: annotations$/);
  });

  it('records Audit failures and auditAnnotations in the request audit annotations', async () => {
    await create(POLICIES, undefined, {
      metadata: { name: 'audit.example.com' },
      spec: {
        matchConstraints: { resourceRules: rules },
        validations: [{ expression: 'true' }, { expression: "object.metadata.name != 'audited'", message: 'name audited is watched' }],
        auditAnnotations: [
          { key: 'replicas', valueExpression: "'replicas=' + string(object.spec.replicas)" },
          { key: 'omitted', valueExpression: 'null' },
        ],
      },
    });
    await create(BINDINGS, undefined, { metadata: { name: 'audit-binding' }, spec: { policyName: 'audit.example.com', validationActions: ['Audit', 'Warn'] } });
    clearAdmissionCache();
    const { result, annotations } = await withAuditAnnotations(() => create(DEPLOYMENTS, 'default', deployment('audited', 3)));
    expect(result.object.metadata.name).toBe('audited');
    expect(Object.fromEntries(annotations)).toEqual({
      'audit.example.com/replicas': 'replicas=3',
      'validation.policy.admission.k8s.io/validation_failure': JSON.stringify([
        { message: 'name audited is watched', policy: 'audit.example.com', binding: 'audit-binding', expressionIndex: 1, validationActions: ['Audit', 'Warn'] },
      ]),
    });

    const passing = await withAuditAnnotations(() => create(DEPLOYMENTS, 'default', deployment('unremarkable', 2)));
    expect(Object.fromEntries(passing.annotations)).toEqual({ 'audit.example.com/replicas': 'replicas=2' });
  });
});
