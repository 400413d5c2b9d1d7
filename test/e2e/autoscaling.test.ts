import path from 'node:path';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const PODINFO = path.resolve(__dirname, '../fixtures/charts/podinfo');

interface HpaView {
  spec: { minReplicas?: number; maxReplicas: number; behavior?: { scaleUp?: { policies?: unknown[] }; scaleDown?: { stabilizationWindowSeconds?: number } } };
  status: { currentReplicas?: number; desiredReplicas: number; currentMetrics?: { resource?: { current: { averageUtilization?: number } } }[]; conditions?: { type: string; status: string; reason: string; message: string }[] };
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
  },
};

const hpa = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 5 } },
  },
};

/** HorizontalPodAutoscaler and metrics.k8s.io with the real kubectl against simulated nodes (issue #15's HPA acceptance). */
describe('horizontal pod autoscaling', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 2 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const getHpa = async (name: string): Promise<HpaView> => JSON.parse((await c.kubectl(['get', 'hpa', name, '-o', 'json'])).stdout) as HpaView;
  const replicas = async (): Promise<number> => Number((await c.kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout);
  const condition = (h: HpaView, type: string) => h.status.conditions?.find((x) => x.type === type);

  it('scales a Deployment up when the simulated usage crosses the target, and down after the stabilization window', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(deployment) });
    await c.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(hpa) });
    const defaulted = await getHpa('web');
    expect(defaulted.spec.behavior?.scaleUp?.policies).toEqual([{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }]);
    expect(defaulted.spec.behavior?.scaleDown?.stabilizationWindowSeconds).toBe(5);

    // Idle pods measure 0: the autoscaler reads them and keeps one replica.
    await eventually(async () => (await getHpa('web')).status.currentMetrics?.[0]?.resource?.current.averageUtilization === 0, 60_000, 500);
    const idle = (await c.kubectl(['get', 'hpa', 'web'])).stdout.split('\n');
    expect(idle[0].trim().split(/\s{2,}/)).toEqual(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(idle[1]).toMatch(/^web\s+Deployment\/web\s+cpu: 0%\/50%\s+1\s+5\s+1\s+\S+$/);
    expect(condition(await getHpa('web'), 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });

    // 200m of a 100m request is 200% against a 50% target: 4 replicas.
    await c.kubectl(['annotate', 'pods', '-l', 'app=web', 'simulated.skiff.dev/cpu-usage=200m', '--overwrite']);
    const top = (await c.kubectl(['top', 'pods', '-l', 'app=web'])).stdout;
    expect(top.split('\n')[0].trim().split(/\s{2,}/)).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(top.split('\n')[1]).toMatch(/^web-\S+\s+200m\s+0Mi\s*$/);
    await eventually(async () => (await replicas()) === 4, 90_000, 500);
    const events = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler', '-o', 'custom-columns=R:.reason,M:.message', '--no-headers'])).stdout;
    expect(events).toMatch(/SuccessfulRescale\s+New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
    // The new pods are idle: 200m over 400m requested is 50%, at the target: it stays at 4.
    await eventually(async () => {
      const h = await getHpa('web');
      return h.status.currentReplicas === 4 && h.status.currentMetrics?.[0]?.resource?.current.averageUtilization === 50;
    }, 90_000, 500);
    expect(await replicas()).toBe(4);

    // All idle again: down to minReplicas once the 5 s window has passed.
    await c.kubectl(['annotate', 'pods', '-l', 'app=web', 'simulated.skiff.dev/cpu-usage-', '--overwrite']);
    await eventually(async () => (await replicas()) === 1, 90_000, 500);
    const after = await getHpa('web');
    expect(condition(after, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'TooFewReplicas' });
    const down = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler', '-o', 'custom-columns=M:.message', '--no-headers'])).stdout;
    expect(down).toContain('New size: 1; reason: All metrics below target');
  }, 360_000);

  it('serves kubectl top pods --containers, -A and top nodes from the simulated usage', async () => {
    await c.kubectl(['run', 'busy', '--image=busybox', '--annotations=simulated.skiff.dev/cpu-usage=250m', '--annotations=simulated.skiff.dev/memory-usage=64Mi', '--', 'sleep', '3600']);
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/busy', '--timeout=60s']);
    const containers = (await c.kubectl(['top', 'pods', 'busy', '--containers'])).stdout.split('\n');
    expect(containers[0].trim().split(/\s{2,}/)).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(containers[1]).toMatch(/^busy\s+busy\s+250m\s+64Mi\s*$/);
    const all = (await c.kubectl(['top', 'pods', '-A'])).stdout;
    expect(all.split('\n')[0].trim().split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(all).toMatch(/default\s+busy\s+250m\s+64Mi/);
    const node = (await c.kubectl(['get', 'pod', 'busy', '-o', 'jsonpath={.spec.nodeName}'])).stdout;
    const nodes = (await c.kubectl(['top', 'nodes'])).stdout.split('\n');
    expect(nodes[0].trim().split(/\s{2,}/)).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    // A node reports the sum of its pods' usage: at least the busy pod's.
    const cells = (nodes.find((l) => l.startsWith(`${node} `)) ?? '').trim().split(/\s+/);
    expect(cells[1]).toMatch(/^\d+m$/);
    expect(parseInt(cells[1], 10)).toBeGreaterThanOrEqual(250);
    expect(cells[2]).toMatch(/^\d+%$/);
    expect(parseInt(cells[3], 10)).toBeGreaterThanOrEqual(64);
    const raw = JSON.parse((await c.kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy'])).stdout);
    expect(raw).toMatchObject({ kind: 'PodMetrics', apiVersion: 'metrics.k8s.io/v1beta1', metadata: { name: 'busy', namespace: 'default' }, window: '15s', containers: [{ name: 'busy', usage: { cpu: '250m', memory: '65536Ki' } }] });
    const missing = await c.kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope'], { allowFail: true });
    expect(missing.stderr).toContain('NotFound');
  }, 120_000);

  it('creates an autoscaler with kubectl autoscale', async () => {
    await c.kubectl(['create', 'deployment', 'api', '--image=nginx']);
    await c.kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']);
    await c.kubectl(['autoscale', 'deployment', 'api', '--min', '1', '--max', '5', '--cpu-percent', '50']);
    const h = await getHpa('api');
    expect(h.spec).toMatchObject({ minReplicas: 1, maxReplicas: 5 });
    // The deployment's pods request no CPU: once they are measured, upstream's message for that.
    const active = await eventually(async () => {
      const c2 = condition(await getHpa('api'), 'ScalingActive');
      return c2?.message.includes('missing request') ? c2 : undefined;
    }, 60_000, 500);
    expect(active.reason).toBe('FailedGetResourceMetric');
    expect(active.message).toMatch(/^the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container nginx of Pod api-/);
  }, 120_000);

  it('refuses invalid autoscalers with upstream messages and stores nothing', async () => {
    const bad = await c.kubectl(['apply', '-f', '-'], {
      allowFail: true,
      input: JSON.stringify({ ...hpa, metadata: { name: 'bad' }, spec: { ...hpa.spec, minReplicas: 3, maxReplicas: 2, behavior: { scaleUp: { selectPolicy: 'Most', policies: [{ type: 'Pods', value: 0, periodSeconds: 15 }] } } } }),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
    expect(bad.stderr).toContain('spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Max", "Min", "Disabled"');
    expect(bad.stderr).toContain('spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero');
    const got = await c.kubectl(['get', 'hpa', 'bad'], { allowFail: true });
    expect(got.stderr).toContain('horizontalpodautoscalers.autoscaling "bad" not found');
  }, 60_000);

  it('installs podinfo with its HPA enabled with helm --wait, and uninstalls it cleanly', async () => {
    const out = await c.helm(['install', 'podinfo', PODINFO, '--set', 'hpa.enabled=true', '--wait', '--timeout', '120s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const row = (await c.kubectl(['get', 'hpa', 'podinfo', '--no-headers'])).stdout.trim();
    expect(row).toMatch(/^podinfo\s+Deployment\/podinfo\s+cpu: \S+\/80%\s+1\s+10\s+\d+\s+\S+$/);
    // podinfo requests 1m of CPU; its idle pod measures 0%.
    await eventually(async () => (await c.kubectl(['get', 'hpa', 'podinfo', '--no-headers'])).stdout.includes('cpu: 0%/80%'), 60_000, 500);
    const un = await c.helm(['uninstall', 'podinfo']);
    expect(un.stdout.trim()).toBe('release "podinfo" uninstalled');
    await eventually(async () => {
      const left = await c.kubectl(['get', 'hpa,deployment,service,pods', '-l', 'app.kubernetes.io/name=podinfo', '-o', 'name']);
      return left.stdout.trim() === '';
    }, 60_000, 500);
  }, 180_000);
});
