import { ApiContext } from '../../../shared/apiserver/context';
import { hashToken } from '../../../shared/apiserver/auth';
import { ApiRequest } from '../../../shared/apiserver/http';
import { handleRequest } from '../../../shared/apiserver/server';
import { authorizeRequest } from '../../../shared/auth/rbac/request';
import { PolicyCache } from '../../../shared/auth/rbac/cache';
import { bootstrapCluster } from '../../../shared/bootstrap/cluster';
import { ObjectStore } from '../../../shared/storage/store';
import { createObject } from '../../../shared/registry/create';
import { deleteObject } from '../../../shared/registry/delete';
import { findResource } from '../../../shared/registry/catalog';
import { ResourceDef } from '../../../shared/registry/resource';
import { freshTable } from '../../support/dynamo';

const BINDINGS = findResource('rbac.authorization.k8s.io', 'v1', 'rolebindings') as ResourceDef;
const WRITE = { dryRun: false, fieldValidation: 'Strict' as const };
const binding = { metadata: { name: 'alice-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] };
const alice = { username: 'alice', groups: ['system:authenticated'] };
const req = (method: string, url: string, headers: Record<string, string> = {}, body?: string): ApiRequest => {
  const [path, query = ''] = url.split('?');
  return { method, path, query: new URLSearchParams(query), headers, body };
};

describe('PolicyCache', () => {
  let store: ObjectStore;
  let other: ObjectStore;

  beforeAll(async () => {
    const { client, table } = await freshTable();
    store = new ObjectStore({ client, table, gapTimeoutMs: 200 });
    other = new ObjectStore({ client, table, gapTimeoutMs: 200 });
    await bootstrapCluster({ store });
  });

  it("sees this process's own writes at once and another's once the bound has passed", async () => {
    let now = 0;
    const cache = new PolicyCache(store, 1000, () => now);
    expect((await cache.current()).roleBindings.get('default')).toBeUndefined();
    await createObject({ store }, BINDINGS, 'default', binding, WRITE);
    expect((await cache.current()).roleBindings.get('default')).toHaveLength(1);
    // Another API server instance deletes it: this one may answer from its cache until the bound.
    await deleteObject({ store: other }, BINDINGS, 'default', 'alice-view', { dryRun: false });
    now = 999;
    expect((await cache.current()).roleBindings.get('default')).toHaveLength(1);
    now = 1000;
    expect((await cache.current()).roleBindings.get('default') ?? []).toHaveLength(0);
  });

  it('reads nothing within the bound and only the counters when nothing moved', async () => {
    let now = 0;
    const cache = new PolicyCache(store, 1000, () => now);
    await cache.current();
    for (let i = 0; i < 100; i++) await cache.current();
    expect(cache.stats).toEqual({ checks: 1, reloads: 1 });
    now = 5000;
    await cache.current();
    expect(cache.stats).toEqual({ checks: 2, reloads: 1 });
  });
});

describe('authorization in the API server', () => {
  let ctx: ApiContext;

  beforeAll(async () => {
    const { client, table } = await freshTable();
    ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }), config: { tokenHashes: [hashToken('t')], maxWatchSeconds: 5 } };
    await bootstrapCluster(ctx);
    await createObject(ctx, BINDINGS, 'default', binding, WRITE);
  });

  it('refuses a non-admin impersonating again', async () => {
    const r = { ...req('GET', '/api/v1/namespaces/default/pods', { 'impersonate-user': 'bob' }), user: alice };
    await expect(authorizeRequest(ctx.store, r)).rejects.toMatchObject({
      code: 403,
      message: 'users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    });
  });

  it("answers a denied request with upstream's Status, before reading anything", async () => {
    const res = await handleRequest(ctx, req('GET', '/api/v1/namespaces/kube-system/secrets/x', { authorization: 'Bearer t', 'impersonate-user': 'alice' }));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "x" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "kube-system"',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'secrets' },
      code: 403,
    });
  });

  it('denies a non-resource path with its own message', async () => {
    const res = await handleRequest(ctx, req('GET', '/metrics', { authorization: 'Bearer t', 'impersonate-user': 'alice' }));
    expect([res.statusCode, JSON.parse(res.body).message]).toEqual([403, 'forbidden: User "alice" cannot get path "/metrics"']);
  });

  it('lets discovery through for any authenticated user', async () => {
    const res = await handleRequest(ctx, req('GET', '/apis', { authorization: 'Bearer t', 'impersonate-user': 'nobody' }));
    expect(res.statusCode).toBe(200);
  });

  it('answers a SubjectAccessReview', async () => {
    const body = JSON.stringify({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'alice', resourceAttributes: { namespace: 'default', verb: 'watch', resource: 'pods' } },
    });
    const res = await handleRequest(ctx, req('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { authorization: 'Bearer t', 'content-type': 'application/json' }, body));
    expect([res.statusCode, JSON.parse(res.body).status]).toEqual([201, { allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-view/default" of ClusterRole "view" to User "alice"' }]);
  });

  it('refuses a SubjectAccessReview without user or group', async () => {
    const body = JSON.stringify({ spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    const res = await handleRequest(ctx, req('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { authorization: 'Bearer t', 'content-type': 'application/json' }, body));
    expect([res.statusCode, JSON.parse(res.body).details.causes]).toEqual([422, [{ reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' }]]);
  });

  it('rejects a Role with a URL rule or an empty rule, as upstream validates', async () => {
    const body = JSON.stringify({ metadata: { name: 'r' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }, { verbs: [], apiGroups: [], resources: [] }] });
    const res = await handleRequest(ctx, req('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', { authorization: 'Bearer t', 'content-type': 'application/json' }, body));
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body).message).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs, rules[1].verbs: Required value: verbs must contain at least one value, rules[1].apiGroups: Required value: resource rules must supply at least one api group, rules[1].resources: Required value: resource rules must supply at least one resource]',
    );
  });

  it('keeps roleRef immutable', async () => {
    const body = JSON.stringify({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' } });
    const res = await handleRequest(
      ctx,
      req('PATCH', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/alice-view', { authorization: 'Bearer t', 'content-type': 'application/merge-patch+json' }, body),
    );
    expect([res.statusCode, JSON.parse(res.body).details.causes[0].message]).toEqual([
      422,
      'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
  });
});
