import { requestAttributes } from '../../shared/auth/rbac/attributes';
import { authorize } from '../../shared/auth/rbac/authorizer';
import { policyCache } from '../../shared/auth/rbac/cache';
import { BenchCluster } from '../cluster';
import { measureInterleaved, round, Summary } from '../stats';

export interface AuthzResult {
  /** GET of one ConfigMap: as the admin (system:masters, no RBAC evaluated) and as a user whose RoleBinding allows it. */
  admin: Summary;
  rbacUser: Summary;
  /** rbacUser p50 - admin p50, ms: what authorization adds to a request over HTTPS. */
  addedP50Ms: number;
  /** DynamoDB read units per request, each way (the policy comes from the process's cache). */
  readUnitsPerRequest: { admin: number; rbacUser: number };
  /** The authorizer alone on the bootstrap policy plus the bench's bindings, in-process. */
  authorizerMicroseconds: number;
  /** The cache's DynamoDB calls over the run: counter checks (one BatchGetItem each) and full reloads. */
  cache: { checks: number; reloads: number };
}

/**
 * Authorization's cost side by side in one run: the same GET as the admin, whom RBAC never
 * evaluates, and as user `alice` (impersonated by the admin, so both share one connection and
 * token) whose RoleBinding to `view` allows it, interleaved so both see the same load.
 */
export async function authzSuite(c: BenchCluster, quick: boolean): Promise<AuthzResult> {
  const n = quick ? 40 : 400;
  const ns = 'bench-authz';
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: ns } }));
  await c.api.request('POST', `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify({ metadata: { name: 'cm' }, data: { a: 'b' } }));
  const binding = { metadata: { name: 'alice-view' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] };
  await c.api.request('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, JSON.stringify(binding));
  const path = `/api/v1/namespaces/${ns}/configmaps/cm`;
  const get = async (headers: Record<string, string>) => {
    const res = await c.api.request('GET', path, undefined, headers);
    if (res.status !== 200) throw new Error(`get failed: ${res.status} ${res.body}`);
  };
  const asAlice = { 'impersonate-user': 'alice' };
  await get(asAlice);
  const [admin, rbacUser] = await measureInterleaved(n, 1, [() => get({}), () => get(asAlice)]);
  const units = async (headers: Record<string, string>) => {
    const before = c.tally.read;
    for (let i = 0; i < n; i++) await get(headers);
    return round((c.tally.read - before) / n, 3);
  };
  const readUnitsPerRequest = { admin: await units({}), rbacUser: await units(asAlice) };
  const cache = policyCache(c.runner.context.store);
  const policy = await cache.current();
  const attrs = requestAttributes({ username: 'alice', groups: ['system:authenticated'] }, 'GET', path, new URLSearchParams());
  const loops = quick ? 1000 : 100_000;
  const t = performance.now();
  for (let i = 0; i < loops; i++) authorize(policy, attrs);
  const authorizerMicroseconds = round(((performance.now() - t) * 1000) / loops, 2);
  return { admin, rbacUser, addedP50Ms: round(rbacUser.p50 - admin.p50, 3), readUnitsPerRequest, authorizerMicroseconds, cache: { ...cache.stats } };
}
