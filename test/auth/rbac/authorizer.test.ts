import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../../shared/api/types';
import { requestAttributes } from '../../../shared/auth/rbac/attributes';
import { authorize, forbiddenMessage } from '../../../shared/auth/rbac/authorizer';
import { impersonate } from '../../../shared/auth/rbac/impersonation';
import { buildPolicy, rulesFor } from '../../../shared/auth/rbac/policy';
import { ADMIN_USER, UserInfo } from '../../../shared/auth/user';

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}) });
const view: ClusterRole = { metadata: meta('view'), rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] };
const impersonator: ClusterRole = { metadata: meta('impersonator'), rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['users', 'groups'] }] };
const cmWriter: Role = { metadata: meta('cm-writer', 'a'), rules: [{ verbs: ['create'], apiGroups: [''], resources: ['configmaps'] }] };
const bindings: RoleBinding[] = [
  { metadata: meta('alice-view', 'a'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] },
  { metadata: meta('devs', 'a'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-writer' }, subjects: [{ kind: 'Group', name: 'devs' }] },
  { metadata: meta('sa', 'a'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
  { metadata: meta('broken', 'a'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gone' }, subjects: [{ kind: 'User', name: 'erin' }] },
];
const clusterBindings: ClusterRoleBinding[] = [
  { metadata: meta('carol'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'impersonator' }, subjects: [{ kind: 'User', name: 'carol' }] },
];
const policy = buildPolicy([cmWriter], [view, impersonator], bindings, clusterBindings);

const user = (username: string, ...groups: string[]): UserInfo => ({ username, groups: [...groups, 'system:authenticated'] });
const ask = (u: UserInfo, method: string, url: string) => {
  const parsed = new URL(url, 'https://x');
  return requestAttributes(u, method, parsed.pathname, parsed.searchParams);
};

describe('authorize', () => {
  it.each<[string, UserInfo, string, string, boolean]>([
    ['a RoleBinding to a ClusterRole, in its namespace', user('alice'), 'GET', '/api/v1/namespaces/a/pods', true],
    ['the same binding elsewhere', user('alice'), 'GET', '/api/v1/namespaces/b/pods', false],
    ['the same binding across namespaces', user('alice'), 'GET', '/api/v1/pods', false],
    ['a verb the role lacks', user('alice'), 'POST', '/api/v1/namespaces/a/pods', false],
    ['a group subject and a Role', user('zed', 'devs'), 'POST', '/api/v1/namespaces/a/configmaps', true],
    ['a service account in the binding namespace', user('system:serviceaccount:a:bot'), 'GET', '/api/v1/namespaces/a/pods/p', true],
    ['a service account of another namespace', user('system:serviceaccount:b:bot'), 'GET', '/api/v1/namespaces/a/pods/p', false],
    ['system:masters without any binding', ADMIN_USER, 'DELETE', '/api/v1/nodes/n', true],
  ])('%s', (_name, u, method, url, allowed) => {
    expect(authorize(policy, ask(u, method, url)).allowed).toBe(allowed);
  });

  it('names the binding that allowed a request', () => {
    expect(authorize(policy, ask(user('alice'), 'GET', '/api/v1/namespaces/a/pods')).reason).toBe(
      'RBAC: allowed by RoleBinding "alice-view/a" of ClusterRole "view" to User "alice"',
    );
  });

  it('reports a binding to a missing role as upstream does', () => {
    expect(authorize(policy, ask(user('erin'), 'GET', '/api/v1/namespaces/a/pods')).reason).toBe('RBAC: role.rbac.authorization.k8s.io "gone" not found');
    expect(rulesFor(policy, user('erin'), 'a').errors).toEqual(['role.rbac.authorization.k8s.io "gone" not found']);
  });

  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'User "alice" cannot list resource "pods" in API group "" in the namespace "default"'],
    ['GET', '/api/v1/namespaces/default/pods/p/log', 'User "alice" cannot get resource "pods/log" in API group "" in the namespace "default"'],
    ['GET', '/apis/apps/v1/deployments', 'User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope'],
    ['GET', '/apis', 'User "alice" cannot get path "/apis"'],
  ])('words a denial of %s %s as upstream', (method, url, message) => {
    expect(forbiddenMessage(ask(user('alice'), method, url))).toBe(message);
  });
});

describe('impersonate', () => {
  it('lets a user with the impersonate verb act as another, who is authenticated', () => {
    expect(impersonate(policy, user('carol'), { 'impersonate-user': 'bob', 'impersonate-group': 'devs' })).toEqual({ username: 'bob', groups: ['devs', 'system:authenticated'] });
  });

  it('gives an impersonated service account its groups', () => {
    expect(impersonate(policy, ADMIN_USER, { 'impersonate-user': 'system:serviceaccount:a:bot' }).groups).toEqual([
      'system:serviceaccounts',
      'system:serviceaccounts:a',
      'system:authenticated',
    ]);
  });

  it("refuses a user without it, with upstream's 403", () => {
    expect(() => impersonate(policy, user('alice'), { 'impersonate-user': 'bob' })).toThrow(
      'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('checks each group and extra separately', () => {
    expect(() => impersonate(policy, user('carol'), { 'impersonate-user': 'bob', 'impersonate-extra-scopes': 'view' })).toThrow(
      'userextras.authentication.k8s.io "view" is forbidden: User "carol" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('refuses groups without a user', () => {
    expect(() => impersonate(policy, ADMIN_USER, { 'impersonate-group': 'devs' })).toThrow('without impersonating a user');
  });
});
