import { randomUUID } from 'node:crypto';
import { apiClient } from '../support/http';
import { eventually, startCluster, TestCluster } from '../support/cluster';

type Obj = Record<string, unknown>;

/**
 * Issue 19: objects with values validation now refuses, planted straight into storage (as an
 * older server or a bug could have left them), must not stop the scheduler or any controller.
 * Each is reported and skipped; everything else in the cluster is served as usual.
 */
describe('isolation of objects that cannot be processed', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  const BAD = 'planted';

  const meta = (name: string, namespace: string, extra: Obj = {}) => ({ name, namespace, uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...extra });
  const plant = (resource: string, obj: Obj) => c.runner.context.store.create(resource, obj as never);
  const post = async (path: string, body: Obj) => {
    const res = await api.request('POST', path, JSON.stringify(body));
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.body}`);
    return res.json();
  };
  const container = (cpu: string) => ({ name: 'c', image: 'nginx', resources: { requests: { cpu } } });

  beforeAll(async () => {
    c = await startCluster({ nodes: 2 });
    api = apiClient(c.runner.kubeconfig);
    await post('/api/v1/namespaces', { metadata: { name: BAD } });
    await post('/api/v1/namespaces', { metadata: { name: 'healthy' } });
    // Oldest first, so the scheduler meets the bad pod before any good one.
    await plant('pods', { apiVersion: 'v1', kind: 'Pod', metadata: meta('bad-cpu', BAD), spec: { containers: [container('str')], schedulerName: 'default-scheduler' }, status: { phase: 'Pending' } });
    await plant('pods', { apiVersion: 'v1', kind: 'Pod', metadata: meta('huge-cpu', BAD), spec: { containers: [container('1e1000')], schedulerName: 'default-scheduler' }, status: { phase: 'Pending' } });
    const template = { metadata: { labels: { app: 'bad' } }, spec: { containers: [container('10m')] } };
    await plant('deployments.apps', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('bad-surge', BAD, { generation: 1 }),
      spec: { replicas: 2, selector: { matchLabels: { app: 'bad' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'str', maxUnavailable: '25%' } }, template, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    });
    await plant('poddisruptionbudgets.policy', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('bad-selector', BAD, { generation: 1 }),
      spec: { minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['-1'] }] } },
    });
  }, 90_000);
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  it('schedules and runs a new pod elsewhere, and reports the bad one', async () => {
    await post('/api/v1/namespaces/healthy/pods', { metadata: { name: 'fine' }, spec: { containers: [container('50m')] } });
    await eventually(async () => (await api.request('GET', '/api/v1/namespaces/healthy/pods/fine')).json<{ status: { phase?: string } }>().status.phase === 'Running', 30_000);
    const events = await eventually(async () => {
      const list = (await api.request('GET', `/api/v1/namespaces/${BAD}/events?fieldSelector=involvedObject.name=bad-cpu`)).json<{ items: { reason: string; message: string }[] }>();
      return list.items.find((e) => e.reason === 'FailedScheduling');
    }, 30_000);
    expect(events.message).toContain('quantities must match the regular expression');
  });

  it('completes a rollout elsewhere, in the bad Deployment\'s own namespace too, and reports the bad one', async () => {
    const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ ...container('10m'), image }] } });
    for (const ns of ['healthy', BAD]) {
      await post(`/apis/apps/v1/namespaces/${ns}/deployments`, { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1') } });
    }
    for (const ns of ['healthy', BAD]) {
      await c.kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=150s']);
      await c.kubectl(['-n', ns, 'set', 'image', 'deployment/web', 'c=nginx:2']);
      await c.kubectl(['-n', ns, 'rollout', 'status', 'deployment/web', '--timeout=150s']);
    }
    const reported = await eventually(async () => {
      const list = (await api.request('GET', `/api/v1/namespaces/${BAD}/events?fieldSelector=involvedObject.name=bad-surge`)).json<{ items: { type: string; reason: string; message: string }[] }>();
      return list.items.find((e) => e.type === 'Warning');
    }, 30_000);
    expect(reported.message).toContain('str');
  }, 400_000);

  it('answers evictions normally beside a budget whose selector cannot be parsed, and fails that budget safe', async () => {
    for (const ns of ['healthy', BAD]) {
      await post(`/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`, { metadata: { name: 'keep-one' }, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } });
    }
    for (const ns of ['healthy', BAD]) {
      const pods = await eventually(async () => {
        const list = (await api.request('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app=web`)).json<{ items: { metadata: { name: string } }[] }>();
        return list.items.length > 0 ? list.items : undefined;
      });
      // The budget wants both healthy: an eviction is refused with 429, as upstream, never a 500.
      await eventually(async () => {
        const budget = (await api.request('GET', `/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets/keep-one`)).json<{ status?: { expectedPods?: number } }>();
        return budget.status?.expectedPods === 2;
      }, 30_000);
      const evict = await api.request('POST', `/api/v1/namespaces/${ns}/pods/${pods[0].metadata.name}/eviction`, JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pods[0].metadata.name } }));
      expect(evict.status).toBe(429);
    }
    const bad = await eventually(async () => {
      const pdb = (await api.request('GET', `/apis/policy/v1/namespaces/${BAD}/poddisruptionbudgets/bad-selector`)).json<{ status?: { disruptionsAllowed?: number; conditions?: { type: string; status: string; reason: string }[] } }>();
      return pdb.status?.conditions?.find((cond) => cond.type === 'DisruptionAllowed' && cond.reason === 'SyncFailed') ? pdb : undefined;
    }, 30_000);
    expect(bad.status?.disruptionsAllowed).toBe(0);
  });
});
