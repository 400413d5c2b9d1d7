import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES, eventually, startCluster, TestCluster } from '../support/cluster';

/** The "kubectl and helm fidelity" issue: what real kubectl v1.33 prints and does against Skiff. */
describe('kubectl fidelity', () => {
  let c: TestCluster;
  const manifests = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml')).sort();
  const example = (file: string) => fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  const headerOf = (out: string) => out.split('\n')[0].trim().split(/\s{2,}/);
  const json = async (args: string[]) => JSON.parse((await c.kubectl([...args, '-o', 'json'])).stdout);
  const configMap = (name: string, data: Record<string, string>) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  describe('the seed manifests', () => {
    const applyAll = async () => (await c.kubectl(['apply', ...manifests.flatMap((f) => ['-f', path.join(EXAMPLES, f)])])).stdout.trim().split('\n');

    it('apply with validation on: created, then unchanged, then configured after a label edit', async () => {
      const created = await applyAll();
      expect(created).toHaveLength(manifests.length);
      for (const line of created) expect(line).toMatch(/^[a-z.]+\/[a-z0-9-]+ created$/);

      for (const line of await applyAll()) expect(line).toMatch(/ unchanged$/);

      const edited = example('nginx-deployment.yml').replace('name: test-nginx-deployment', 'name: test-nginx-deployment\n  labels:\n    tier: web');
      const configured = await c.kubectl(['apply', '-f', '-'], { input: edited });
      expect(configured.stdout.trim()).toBe('deployment.apps/test-nginx-deployment configured');
      const labels = await c.kubectl(['get', 'deploy', 'test-nginx-deployment', '-o', 'jsonpath={.metadata.labels.tier}']);
      expect(labels.stdout).toBe('web');
    });

    it('refuses an unknown field, naming it', async () => {
      const bad = example('myapp-pod.yml').replace('name: myapp-pod', 'name: bad-pod').replace('  containers:', '  foo: bar\n  containers:');
      const res = await c.kubectl(['apply', '-f', '-'], { input: bad, allowFail: true });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('strict decoding error: unknown field "spec.foo"');
    });
  });

  describe('printing', () => {
    beforeAll(async () => {
      for (const f of manifests) await c.kubectl(['apply', '-f', path.join(EXAMPLES, f)]);
      await eventually(async () => {
        const phases = (await c.kubectl(['get', 'pods', '-o', 'jsonpath={.items[*].status.phase}'])).stdout.split(' ');
        return phases.length >= 4 && phases.every((p) => p === 'Running');
      }, 60_000);
    });

    it('prints pods with upstream columns, and the wide ones with -o wide', async () => {
      const pods = await c.kubectl(['get', 'pods']);
      expect(headerOf(pods.stdout)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      expect(pods.stdout).toMatch(/\ntest-nginx-pod\s+1\/1\s+Running\s+0\s+\d+s/);
      const wide = await c.kubectl(['get', 'pods', '-o', 'wide']);
      expect(headerOf(wide.stdout)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
      expect(wide.stdout).toMatch(/\ntest-nginx-pod\s+1\/1\s+Running\s+0\s+\S+\s+10\.\d+\.\d+\.\d+\s+skiff-worker-\d\s+<none>\s+<none>/);
    });

    it('prints every kind of `get all` under its own header', async () => {
      await eventually(async () => (await json(['get', 'deployment', 'test-nginx-deployment'])).status?.availableReplicas === 2, 30_000);
      const all = (await c.kubectl(['get', 'all'])).stdout.trim().split('\n\n');
      expect(all.map(headerOf)).toEqual([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
        ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
      ]);
      expect(all[0]).toContain('pod/test-nginx-pod');
      expect(all[1]).toMatch(/service\/test-nginx-service\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+8080\/TCP/);
      expect(all[2]).toMatch(/deployment\.apps\/test-nginx-deployment\s+2\/2\s+2\s+2/);
      expect(all[3]).toMatch(/replicaset\.apps\/test-nginx-deployment-[a-z0-9]+\s+2\s+2\s+2/);
    });

    it('prints events and `get deploy,rs,svc` with upstream columns', async () => {
      const events = await c.kubectl(['get', 'events']);
      expect(headerOf(events.stdout)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
      expect(events.stdout).toMatch(/Normal\s+Scheduled\s+pod\/test-nginx-pod\s+Successfully assigned default\/test-nginx-pod to skiff-worker-\d/);
      const mixed = (await c.kubectl(['get', 'deploy,rs,svc'])).stdout.trim().split('\n\n');
      expect(mixed.map(headerOf)).toEqual([
        ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
        ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
      ]);
    });

    it('describes a pod with its node, status, IP and containers', async () => {
      const out = (await c.kubectl(['describe', 'pod', 'test-nginx-pod'])).stdout;
      expect(out).toMatch(/^Name:\s+test-nginx-pod$/m);
      expect(out).toMatch(/^Namespace:\s+default$/m);
      expect(out).toMatch(/^Node:\s+skiff-worker-\d\/\d+\.\d+\.\d+\.\d+$/m);
      expect(out).toMatch(/^Status:\s+Running$/m);
      expect(out).toMatch(/^IP:\s+10\.\d+\.\d+\.\d+$/m);
      expect(out).toMatch(/^Containers:\n {2}test-nginx-container:\n/m);
      expect(out).toMatch(/^ {4}Image:\s+nginx:latest$/m);
      expect(out).toMatch(/^ {4}Port:\s+80\/TCP$/m);
    });
  });

  describe('writes', () => {
    it('patches with strategic merge (by merge key), merge and JSON patches', async () => {
      await c.kubectl(['create', 'deployment', 'patched', '--image=nginx:1.25', '--port=80']);
      await c.kubectl(['patch', 'deployment', 'patched', '-p', JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'MODE', value: 'strategic' }] }] } } } })]);
      await c.kubectl(['patch', 'deployment', 'patched', '--type=merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']);
      await c.kubectl(['patch', 'deployment', 'patched', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']);
      const d = await json(['get', 'deployment', 'patched']);
      expect(d.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'nginx', image: 'nginx:1.25', env: [{ name: 'MODE', value: 'strategic' }] })]);
      expect(d.metadata.labels.patched).toBe('merge');
      expect(d.spec.replicas).toBe(2);
    });

    it('applies server-side, owning the applied fields and removing the ones it stops applying', async () => {
      const first = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: configMap('ssa', { a: '1', b: '2' }) });
      expect(first.stdout.trim()).toBe('configmap/ssa serverside-applied');
      const cm = await json(['get', 'configmap', 'ssa', '--show-managed-fields']);
      expect(cm.metadata.managedFields).toEqual([
        { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: expect.any(String), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } },
      ]);
      await c.kubectl(['apply', '--server-side', '-f', '-'], { input: configMap('ssa', { a: '1' }) });
      expect((await json(['get', 'configmap', 'ssa'])).data).toEqual({ a: '1' });
    });

    it('refuses a field another manager owns until --force-conflicts moves it', async () => {
      await c.kubectl(['apply', '--server-side', '--field-manager=a', '-f', '-'], { input: configMap('owned', { key: 'one', other: 'x' }) });
      const refused = await c.kubectl(['apply', '--server-side', '--field-manager=b', '-f', '-'], { input: configMap('owned', { key: 'two' }), allowFail: true });
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('error: Apply failed with 1 conflict: conflict with "a": .data.key');
      expect(refused.stderr).toContain('--force-conflicts');
      expect((await json(['get', 'configmap', 'owned'])).data.key).toBe('one');

      const forced = await c.kubectl(['apply', '--server-side', '--field-manager=b', '--force-conflicts', '-f', '-'], { input: configMap('owned', { key: 'two' }) });
      expect(forced.stdout.trim()).toBe('configmap/owned serverside-applied');
      const cm = await json(['get', 'configmap', 'owned', '--show-managed-fields']);
      expect(cm.data).toEqual({ key: 'two', other: 'x' });
      expect(cm.metadata.managedFields.map((e: { manager: string; fieldsV1: unknown }) => [e.manager, e.fieldsV1])).toEqual([
        ['a', { 'f:data': { 'f:other': {} } }],
        ['b', { 'f:data': { 'f:key': {} } }],
      ]);
    });

    it('names the client-side apply manager of a field in a server-side conflict', async () => {
      await c.kubectl(['apply', '-f', '-'], { input: configMap('migrating', { key: 'one' }) });
      const refused = await c.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: configMap('migrating', { key: 'two' }), allowFail: true });
      expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key');
      // kubectl's own manager takes over what its last-applied annotation lists.
      const migrated = await c.kubectl(['apply', '--server-side', '-f', '-'], { input: configMap('migrating', { key: 'two' }) });
      expect(migrated.stdout.trim()).toBe('configmap/migrating serverside-applied');
    });

    it('stores nothing for apply --dry-run=server', async () => {
      const svc = example('nginx-service.yml').replace('name: test-nginx-service', 'name: dry-svc');
      const res = await c.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: svc });
      expect(res.stdout.trim()).toBe('service/dry-svc created (server dry run)');
      const gone = await c.kubectl(['get', 'svc', 'dry-svc'], { allowFail: true });
      expect(gone.stderr).toContain('services "dry-svc" not found');
    });

    it('diffs: exit 0 when the live object matches, 1 with a diff when it differs', async () => {
      const pod = example('nginx-pod.yml').replace('name: test-nginx-pod', 'name: diffed');
      await c.kubectl(['apply', '-f', '-'], { input: pod });
      const same = await c.kubectl(['diff', '-f', '-'], { input: pod, allowFail: true });
      expect([same.code, same.stdout]).toEqual([0, '']);
      const changed = await c.kubectl(['diff', '-f', '-'], { input: pod.replace('nginx:latest', 'nginx:1.25'), allowFail: true });
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(/^-\s+- image: nginx:latest$/m);
      expect(changed.stdout).toMatch(/^\+\s+- image: nginx:1\.25$/m);
    });
  });

  describe('discovery', () => {
    it('explains pod.spec.containers with field descriptions', async () => {
      const out = (await c.kubectl(['explain', 'pod.spec.containers'])).stdout;
      expect(out).toMatch(/^KIND:\s+Pod$/m);
      expect(out).toMatch(/^FIELD:\s+containers <\[\]Object>$/m);
      expect(out).toContain('DESCRIPTION:');
      expect(out).toMatch(/^ {2}image\t<string>\n {4}\S.+/m);
      expect(out).toMatch(/^ {2}ports\t<\[\]Object>\n {4}\S.+/m);
    });

    const served: Array<[string, string, string, boolean, string]> = [
      ['configmaps', 'cm', 'v1', true, 'ConfigMap'],
      ['endpoints', 'ep', 'v1', true, 'Endpoints'],
      ['events', 'ev', 'v1', true, 'Event'],
      ['namespaces', 'ns', 'v1', false, 'Namespace'],
      ['nodes', 'no', 'v1', false, 'Node'],
      ['pods', 'po', 'v1', true, 'Pod'],
      ['secrets', '', 'v1', true, 'Secret'],
      ['serviceaccounts', 'sa', 'v1', true, 'ServiceAccount'],
      ['services', 'svc', 'v1', true, 'Service'],
      ['deployments', 'deploy', 'apps/v1', true, 'Deployment'],
      ['replicasets', 'rs', 'apps/v1', true, 'ReplicaSet'],
      ['leases', '', 'coordination.k8s.io/v1', true, 'Lease'],
      ['endpointslices', '', 'discovery.k8s.io/v1', true, 'EndpointSlice'],
      ['poddisruptionbudgets', 'pdb', 'policy/v1', true, 'PodDisruptionBudget'],
      ['ingresses', 'ing', 'networking.k8s.io/v1', true, 'Ingress'],
      ['ingressclasses', '', 'networking.k8s.io/v1', false, 'IngressClass'],
    ];
    it('lists every served kind in api-resources, with short names', async () => {
      const out = (await c.kubectl(['api-resources'])).stdout;
      expect(headerOf(out)).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
      const rows = out.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
      for (const [name, shortName, apiVersion, namespaced, kind] of served) {
        expect(rows).toContainEqual([name, ...(shortName ? [shortName] : []), apiVersion, String(namespaced), kind]);
      }
    });
  });
});
