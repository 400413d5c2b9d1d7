import path from 'node:path';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const FIXTURES = path.resolve(__dirname, '../fixtures');

/** RBAC with real kubectl and helm: a viewer in one namespace, impersonation, escalation, public charts' RBAC objects. */
describe('rbac', () => {
  let c: TestCluster;
  const as = (user: string, args: string[]) => c.kubectl([...args, '--as', user], { allowFail: true });

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    await c.kubectl(['create', 'namespace', 'team-a']);
    await c.kubectl(['create', 'namespace', 'team-b']);
    await c.kubectl(['run', 'web', '--image=nginx', '-n', 'team-a']);
    await c.kubectl(['create', 'rolebinding', 'alice-view', '--clusterrole=view', '--user=alice', '-n', 'team-a']);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('prints bindings and roles with upstream columns', async () => {
    const out = await c.kubectl(['get', 'rolebinding', 'alice-view', '-n', 'team-a']);
    expect(out.stdout).toMatch(/^NAME\s+ROLE\s+AGE\nalice-view\s+ClusterRole\/view\s+\S+\n$/);
    const wide = await c.kubectl(['get', 'rolebinding', 'alice-view', '-n', 'team-a', '-o', 'wide']);
    expect(wide.stdout).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nalice-view\s+ClusterRole\/view\s+\S+\s+alice\s*\n$/);
    const created = await c.kubectl(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods,pods/log', '-n', 'team-a']);
    expect(created.stdout.trim()).toBe('role.rbac.authorization.k8s.io/pod-reader created');
    const role = JSON.parse((await c.kubectl(['get', 'role', 'pod-reader', '-n', 'team-a', '-o', 'json'])).stdout);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }]);
    const roles = await c.kubectl(['get', 'clusterrole', 'view']);
    expect(roles.stdout).toMatch(/^NAME\s+CREATED AT\nview\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
  });

  it('fills the aggregated view role from its labelled parts', async () => {
    const view = JSON.parse((await c.kubectl(['get', 'clusterrole', 'view', '-o', 'json'])).stdout);
    expect(view.rules).toContainEqual(expect.objectContaining({ apiGroups: [''], resources: expect.arrayContaining(['pods', 'configmaps']), verbs: ['get', 'list', 'watch'] }));
  });

  it('lets a viewer get and watch pods in their namespace', async () => {
    const list = await as('alice', ['get', 'pods', '-n', 'team-a', '-o', 'name']);
    expect([list.code, list.stdout.trim()]).toEqual([0, 'pod/web']);
    const watch = await as('alice', ['get', '--raw', '/api/v1/namespaces/team-a/pods?watch=1&timeoutSeconds=1']);
    expect(watch.code).toBe(0);
    expect(watch.stdout).toContain('"type":"ADDED"');
  });

  it("denies a viewer's create there and any read elsewhere with upstream's messages", async () => {
    const create = await as('alice', ['create', 'configmap', 'x', '-n', 'team-a']);
    expect(create.stderr.trim()).toBe(
      'error: failed to create configmap: configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "team-a"',
    );
    const list = await as('alice', ['get', 'pods', '-n', 'team-b']);
    expect(list.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team-b"');
    // The same answer whether or not the object exists.
    for (const name of ['web', 'missing']) {
      const get = await as('alice', ['get', 'pod', name, '-n', 'team-b']);
      expect(get.stderr.trim()).toBe(`Error from server (Forbidden): pods "${name}" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "team-b"`);
    }
    const nodes = await as('alice', ['get', 'nodes']);
    expect(nodes.stderr.trim()).toBe('Error from server (Forbidden): nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope');
  });

  it('answers kubectl auth can-i, also --list', async () => {
    expect((await as('alice', ['auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).stdout.trim()).toBe('yes');
    const no = await as('alice', ['auth', 'can-i', 'create', 'pods', '-n', 'team-a']);
    expect([no.code, no.stdout.trim()]).toEqual([1, 'no']);
    expect((await as('alice', ['auth', 'can-i', 'get', 'pods', '-n', 'team-b'])).stdout.trim()).toBe('no');
    expect((await c.kubectl(['auth', 'can-i', 'create', 'pods'])).stdout.trim()).toBe('yes');
    const listed = await as('alice', ['auth', 'can-i', '--list', '-n', 'team-a']);
    expect(listed.stderr).toBe('');
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    expect(lines).toContainEqual(expect.stringMatching(/^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+\[\/api\/\*\]\s+\[\]\s+\[get\]$/));
    expect(lines.some((l) => /^secrets\s/.test(l))).toBe(false);
  });

  it('lets only users who may impersonate use --as', async () => {
    expect((await as('alice', ['auth', 'can-i', 'impersonate', 'users'])).stdout.trim()).toBe('no');
    await c.kubectl(['create', 'clusterrole', 'impersonator', '--verb=impersonate', '--resource=users']);
    await c.kubectl(['create', 'clusterrolebinding', 'carol-impersonates', '--clusterrole=impersonator', '--user=carol']);
    await eventually(async () => (await as('carol', ['auth', 'can-i', 'impersonate', 'users'])).stdout.trim() === 'yes');
  });

  it('refuses binding cluster-admin to a namespace admin who does not hold it, and allows binding what they hold', async () => {
    await c.kubectl(['create', 'rolebinding', 'bob-admin', '--clusterrole=admin', '--user=bob', '-n', 'team-a']);
    const escalate = await as('bob', ['create', 'rolebinding', 'bob-root', '--clusterrole=cluster-admin', '--user=bob', '-n', 'team-a']);
    expect(escalate.code).not.toBe(0);
    expect(escalate.stderr).toContain(
      'rolebindings.rbac.authorization.k8s.io "bob-root" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
    );
    expect(escalate.stderr).toContain('{APIGroups:["*"], Resources:["*"], Verbs:["*"]}');
    const ok = await as('bob', ['create', 'rolebinding', 'dave-view', '--clusterrole=view', '--user=dave', '-n', 'team-a']);
    expect([ok.code, ok.stdout.trim()]).toEqual([0, 'rolebinding.rbac.authorization.k8s.io/dave-view created']);
    const role = await as('bob', ['create', 'role', 'node-reader', '--verb=get', '--resource=nodes', '-n', 'team-a']);
    expect(role.stderr).toContain('roles.rbac.authorization.k8s.io "node-reader" is forbidden: user "bob"');
  });

  it('revokes access when the binding is deleted', async () => {
    await c.kubectl(['delete', 'rolebinding', 'alice-view', '-n', 'team-a']);
    await eventually(async () => (await as('alice', ['get', 'pods', '-n', 'team-a'])).stderr.includes('cannot list resource "pods"'));
  });

  it("applies ingress-nginx's and cert-manager's RBAC objects cleanly", async () => {
    const nginx = await c.kubectl(['apply', '-f', path.join(FIXTURES, 'ingress-nginx-rbac/rbac.yaml')]);
    expect(nginx.stdout).toContain('clusterrolebinding.rbac.authorization.k8s.io/ingress-nginx created');
    await c.kubectl(['create', 'namespace', 'cert-manager']);
    const cm = await c.kubectl(['apply', '--server-side', '-f', path.join(FIXTURES, 'cert-manager-rbac/rbac.yaml')]);
    expect(cm.stdout).toContain('clusterrole.rbac.authorization.k8s.io/cert-manager-edit serverside-applied');
    const again = await c.kubectl(['apply', '-f', path.join(FIXTURES, 'ingress-nginx-rbac/rbac.yaml')]);
    expect(again.stdout).toContain('role.rbac.authorization.k8s.io/ingress-nginx unchanged');
    // cert-manager's edit and view roles aggregate into the bootstrap ones.
    await eventually(async () => {
      const edit = JSON.parse((await c.kubectl(['get', 'clusterrole', 'edit', '-o', 'json'])).stdout);
      return JSON.stringify(edit.rules).includes('certificates');
    });
  });

  it('installs a chart with a ServiceAccount, Role and RoleBinding, whose account then reads pods', async () => {
    const out = await c.helm(['install', 'rbac-demo', path.join(FIXTURES, 'rbac-chart'), '-n', 'team-a']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const sa = 'system:serviceaccount:team-a:rbac-demo';
    await eventually(async () => (await as(sa, ['auth', 'can-i', 'list', 'pods', '-n', 'team-a'])).stdout.trim() === 'yes');
    expect((await as(sa, ['get', 'pods', '-n', 'team-a', '-o', 'name'])).stdout.trim()).toBe('pod/web');
    expect((await as(sa, ['auth', 'can-i', 'list', 'pods', '-n', 'team-b'])).stdout.trim()).toBe('no');
  });
});
