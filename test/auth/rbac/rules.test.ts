import type { PolicyRule } from '../../../shared/api/types';
import { requestAttributes } from '../../../shared/auth/rbac/attributes';
import { ruleAllows } from '../../../shared/auth/rbac/rules';

const alice = { username: 'alice', groups: ['system:authenticated'] };
const attrs = (method: string, url: string) => {
  const u = new URL(url, 'https://x');
  return requestAttributes(alice, method, u.pathname, u.searchParams);
};

describe('requestAttributes', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', { verb: 'list', resource: 'pods', namespace: 'default', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=true', { verb: 'watch', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=0', { verb: 'list' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', { verb: 'watch', resource: 'pods', namespace: 'default' }],
    ['GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb&watch=1', { verb: 'watch', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods/web/log', { verb: 'get', resource: 'pods', subresource: 'log', name: 'web' }],
    ['POST', '/apis/apps/v1/namespaces/ns/deployments', { verb: 'create', apiGroup: 'apps', resource: 'deployments' }],
    ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/d/scale', { verb: 'patch', subresource: 'scale', name: 'd' }],
    ['DELETE', '/api/v1/namespaces/ns/configmaps', { verb: 'deletecollection' }],
    ['DELETE', '/api/v1/namespaces/ns/configmaps/c', { verb: 'delete', name: 'c' }],
    ['GET', '/api/v1/namespaces/team', { verb: 'get', resource: 'namespaces', name: 'team', namespace: 'team' }],
    ['PUT', '/api/v1/namespaces/team/finalize', { verb: 'update', resource: 'namespaces', subresource: 'finalize', namespace: 'team' }],
    ['GET', '/api/v1/nodes', { verb: 'list', resource: 'nodes', namespace: '' }],
    ['GET', '/apis', { verb: 'get', resourceRequest: false, path: '/apis' }],
    ['GET', '/apis/apps/v1', { verb: 'get', resourceRequest: false }],
    ['GET', '/openapi/v3/apis/apps/v1', { verb: 'get', resourceRequest: false }],
    ['POST', '/metrics', { verb: 'post', resourceRequest: false }],
  ])('%s %s', (method, url, expected) => {
    expect(attrs(method, url)).toMatchObject({ resourceRequest: true, ...expected });
  });
});

const r = (rule: Partial<PolicyRule>): PolicyRule => ({ verbs: ['get'], ...rule });

describe('ruleAllows', () => {
  it.each<[string, PolicyRule, string, string, boolean]>([
    ['exact verb, group and resource', r({ apiGroups: [''], resources: ['pods'] }), 'GET', '/api/v1/namespaces/n/pods/p', true],
    ['another verb', r({ apiGroups: [''], resources: ['pods'] }), 'DELETE', '/api/v1/namespaces/n/pods/p', false],
    ['another group', r({ apiGroups: ['apps'], resources: ['pods'] }), 'GET', '/api/v1/namespaces/n/pods/p', false],
    ['wildcards', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, 'DELETE', '/apis/apps/v1/namespaces/n/deployments', true],
    ['a resource rule does not grant its subresources', r({ apiGroups: [''], resources: ['pods'] }), 'GET', '/api/v1/namespaces/n/pods/p/log', false],
    ['pods/log grants the log', r({ apiGroups: [''], resources: ['pods/log'] }), 'GET', '/api/v1/namespaces/n/pods/p/log', true],
    ['*/scale grants any scale', r({ verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] }), 'PATCH', '/apis/apps/v1/namespaces/n/deployments/d/scale', true],
    ['*/scale is no resource itself', r({ apiGroups: ['apps'], resources: ['*/scale'] }), 'GET', '/apis/apps/v1/namespaces/n/deployments/d', false],
    ['resourceNames limit the object', r({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }), 'GET', '/api/v1/namespaces/n/configmaps/b', false],
    ['resourceNames match the object', r({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }), 'GET', '/api/v1/namespaces/n/configmaps/a', true],
    ['resourceNames never match a list', r({ verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }), 'GET', '/api/v1/namespaces/n/configmaps', false],
    ['resourceNames match a list of one by field selector', r({ verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }), 'GET', '/api/v1/namespaces/n/configmaps?fieldSelector=metadata.name=a', true],
    ['a URL exactly', urlRule(['/healthz']), 'GET', '/healthz', true],
    ['a URL prefix with *', urlRule(['/apis/*']), 'GET', '/apis/apps/v1', true],
    ['a prefix rule without its root', urlRule(['/apis/*']), 'GET', '/apis', false],
    ['* for every URL', urlRule(['*']), 'GET', '/openapi/v3', true],
    ['a URL rule does not grant resources', urlRule(['*']), 'GET', '/api/v1/namespaces/n/pods', false],
    ['a resource rule does not grant URLs', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, 'GET', '/version', false],
  ])('%s', (_name, rule, method, url, allowed) => {
    expect(ruleAllows(attrs(method, url), rule)).toBe(allowed);
  });
});

function urlRule(nonResourceURLs: string[]): PolicyRule {
  return { verbs: ['get'], nonResourceURLs };
}
