import path from 'node:path';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { apiClient } from '../support/http';

/** metrics-server's own release manifest, vendored (test/fixtures/metrics-server/README.md). */
const MANIFEST = path.resolve(__dirname, '../fixtures/metrics-server/components.yaml');

/**
 * metrics-server's manifest with the real kubectl: it applies as on any cluster, its APIService
 * reports its backend's availability as kube-aggregator would, and `kubectl top` keeps working
 * because Skiff serves metrics.k8s.io itself (docs/api.md).
 */
describe('metrics-server manifest', () => {
  let c: TestCluster;
  const apiService = async (jsonpath: string) => (await c.kubectl(['get', 'apiservice', 'v1beta1.metrics.k8s.io', '-o', `jsonpath=${jsonpath}`])).stdout;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  });
  afterAll(async () => c?.stop());

  it('has no metrics.k8s.io APIService before the manifest, as upstream, yet serves the group', async () => {
    const missing = await c.kubectl(['get', 'apiservice', 'v1beta1.metrics.k8s.io'], { allowFail: true });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): apiservices.apiregistration.k8s.io "v1beta1.metrics.k8s.io" not found');
    expect((await c.kubectl(['api-resources', '--api-group=metrics.k8s.io', '--no-headers'])).stdout).toMatch(/^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics/m);
  });

  it('lists groups in upstream v1.33 order in /apis and aggregated discovery, metrics.k8s.io last as an aggregated group', async () => {
    const legacy = JSON.parse((await c.kubectl(['get', '--raw', '/apis'])).stdout) as { groups: { name: string }[] };
    const names = legacy.groups.map((g) => g.name);
    expect(names.slice(0, 6)).toEqual(['apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling']);
    expect(names.indexOf('admissionregistration.k8s.io')).toBe(names.indexOf('apiextensions.k8s.io') - 1);
    expect(names[names.length - 1]).toBe('metrics.k8s.io');
    const client = apiClient(c.runner.kubeconfig);
    try {
      const res = await client.request('GET', '/apis', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
      expect((res.json() as { items: { metadata: { name: string } }[] }).items.map((g) => g.metadata.name)).toEqual(names);
    } finally {
      client.agent.destroy();
    }
  });

  it('applies with kubectl apply -f, every object created', async () => {
    const out = await c.kubectl(['apply', '-f', MANIFEST]);
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n')).toEqual([
      'serviceaccount/metrics-server created',
      'clusterrole.rbac.authorization.k8s.io/system:aggregated-metrics-reader created',
      'clusterrole.rbac.authorization.k8s.io/system:metrics-server created',
      'rolebinding.rbac.authorization.k8s.io/metrics-server-auth-reader created',
      'clusterrolebinding.rbac.authorization.k8s.io/metrics-server:system:auth-delegator created',
      'clusterrolebinding.rbac.authorization.k8s.io/system:metrics-server created',
      'service/metrics-server created',
      'deployment.apps/metrics-server created',
      'apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io created',
    ]);
    expect(await apiService('{.spec.service.namespace}/{.spec.service.name}:{.spec.service.port} {.spec.groupPriorityMinimum} {.spec.insecureSkipTLSVerify}')).toBe('kube-system/metrics-server:443 100 true');
  });

  it('aggregates its reader role into view, edit and admin', async () => {
    for (const role of ['view', 'edit', 'admin']) {
      await eventually(async () => (await c.kubectl(['get', 'clusterrole', role, '-o', 'json'])).stdout.includes('"metrics.k8s.io"'));
    }
    const view = JSON.parse((await c.kubectl(['get', 'clusterrole', 'view', '-o', 'json'])).stdout) as { rules: { apiGroups?: string[]; resources?: string[]; verbs: string[] }[] };
    expect(view.rules).toContainEqual({ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] });
  });

  it('runs its Deployment at system-cluster-critical priority', async () => {
    const pods = ['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=metrics-server', '-o', 'jsonpath={.items[*].status.phase} {.items[*].spec.priority}'];
    await eventually(async () => (await c.kubectl(pods)).stdout === 'Running 2000000000', 60_000);
  });

  it('reports the APIService unavailable as kube-aggregator does when its backend does not answer discovery', async () => {
    // No metrics-server runs behind a simulated pod's address, so the discovery check fails there
    // (a refused or timed-out dial, or whatever the host's network answers for that address).
    const podIP = (await c.kubectl(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=metrics-server', '-o', 'jsonpath={.items[0].status.podIP}'])).stdout;
    await eventually(async () => (await apiService('{.status.conditions[?(@.type=="Available")].reason}')) === 'FailedDiscoveryCheck', 60_000);
    const url = `https://${podIP}:10250/apis/metrics.k8s.io/v1beta1`;
    expect(await apiService('{.status.conditions[?(@.type=="Available")].status}')).toBe('False');
    expect(await apiService('{.status.conditions[?(@.type=="Available")].message}')).toMatch(new RegExp(`^failing or missing response from ${url.replace(/\./g, '\\.')}: (Get "|bad status from )`));
    const row = (await c.kubectl(['get', 'apiservice', 'v1beta1.metrics.k8s.io', '--no-headers'])).stdout;
    expect(row).toMatch(/^v1beta1\.metrics\.k8s\.io\s+kube-system\/metrics-server\s+False \(FailedDiscoveryCheck\)\s+\d+s/);
  });

  it('keeps kubectl top working from Skiff own metrics', async () => {
    const top = (await c.kubectl(['top', 'pods', '-n', 'kube-system'])).stdout.split('\n');
    expect(top[0].trim().split(/\s{2,}/)).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(top[1]).toMatch(/^metrics-server-\S+\s+\d+m\s+\d+Mi\s*$/);
    expect((await c.kubectl(['top', 'nodes', '--no-headers'])).stdout).toMatch(/^skiff-worker-1\s+\d+m\s+\d+%/);
  });

  it('tracks the backend: with its Service gone the APIService says ServiceNotFound', async () => {
    await c.kubectl(['delete', 'service', '-n', 'kube-system', 'metrics-server']);
    await eventually(async () => (await apiService('{.status.conditions[?(@.type=="Available")].reason}')) === 'ServiceNotFound', 60_000);
    expect(await apiService('{.status.conditions[?(@.type=="Available")].message}')).toBe('service/metrics-server in "kube-system" is not present');
  });

  it('deletes with kubectl delete -f, and metrics.k8s.io stays served', async () => {
    await c.kubectl(['delete', '-f', MANIFEST, '--ignore-not-found']);
    const gone = await c.kubectl(['get', 'apiservice', 'v1beta1.metrics.k8s.io'], { allowFail: true });
    expect(gone.stderr).toContain('not found');
    expect((await c.kubectl(['top', 'nodes', '--no-headers'])).stdout).toMatch(/^skiff-worker-1\s/);
  });
});
