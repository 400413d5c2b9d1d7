import type { AdmissionAttributes } from '../../../shared/admission/attributes';
import { exempt, ruleMatches } from '../../../shared/admission/webhook/rules';
import { deniedError } from '../../../shared/admission/webhook/plugin';
import { findResource } from '../../../shared/registry/catalog';
import type { ResourceDef } from '../../../shared/registry/resource';
import type { RuleWithOperations } from '../../../shared/api/types';

const def = (g: string, v: string, r: string) => findResource(g, v, r) as ResourceDef;
const attrs = (d: ResourceDef, operation: AdmissionAttributes['operation'], subresource?: string): AdmissionAttributes => ({
  operation,
  def: d,
  subresource,
  name: 'x',
  dryRun: false,
});
const pods = def('', 'v1', 'pods');
const deployments = def('apps', 'v1', 'deployments');
const namespaces = def('', 'v1', 'namespaces');

const rule = (r: Partial<RuleWithOperations>): RuleWithOperations => ({ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], ...r });

describe('webhook rules', () => {
  it.each([
    ['pods on a pod create', rule({ resources: ['pods'], apiGroups: [''] }), attrs(pods, 'CREATE'), true],
    ['pods does not match pods/status', rule({ resources: ['pods'] }), attrs(pods, 'UPDATE', 'status'), false],
    ['* does not match subresources', rule({ resources: ['*'] }), attrs(pods, 'UPDATE', 'status'), false],
    ['*/status matches pods/status', rule({ resources: ['*/status'] }), attrs(pods, 'UPDATE', 'status'), true],
    ['pods/* matches pods and pods/status', rule({ resources: ['pods/*'] }), attrs(pods, 'UPDATE', 'status'), true],
    ['*/* matches everything', rule({ resources: ['*/*'] }), attrs(deployments, 'CREATE', 'scale'), true],
    ['group mismatch', rule({ apiGroups: ['apps'] }), attrs(pods, 'CREATE'), false],
    ['version mismatch', rule({ apiVersions: ['v1beta1'] }), attrs(deployments, 'CREATE'), false],
    ['operation mismatch', rule({ operations: ['DELETE'] }), attrs(pods, 'CREATE'), false],
    ['operation listed', rule({ operations: ['UPDATE', 'DELETE'] }), attrs(pods, 'DELETE'), true],
    ['Namespaced scope skips namespaces', rule({ scope: 'Namespaced' }), attrs(namespaces, 'CREATE'), false],
    ['Cluster scope takes namespaces', rule({ scope: 'Cluster' }), attrs(namespaces, 'CREATE'), true],
    ['Cluster scope skips pods', rule({ scope: 'Cluster' }), attrs(pods, 'CREATE'), false],
  ])('%s', (_name, r, a, expected) => {
    expect(ruleMatches(r, a)).toBe(expected);
  });

  it('never calls webhooks about webhook configurations', () => {
    expect(exempt(attrs(def('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations'), 'CREATE'))).toBe(true);
    expect(exempt(attrs(pods, 'CREATE'))).toBe(false);
  });

  it.each([
    [{ code: 403, message: 'no' }, 403, 'admission webhook "a.b.c" denied the request: no'],
    [{ reason: 'Nope' }, 400, 'admission webhook "a.b.c" denied the request: Nope'],
    [undefined, 400, 'admission webhook "a.b.c" denied the request without explanation'],
    [{ code: 200, message: 'x' }, 400, 'admission webhook "a.b.c" denied the request: x'],
  ])('a denial reads as upstream (%j)', (status, code, message) => {
    const err = deniedError('a.b.c', status);
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });
});
