import { eventually, startCluster, TestCluster } from '../support/cluster';

interface PodView {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string; containers: { image: string }[] };
  status: { phase?: string };
}

/** DaemonSets with the real kubectl on three simulated nodes (issue #15's DaemonSet acceptance). */
describe('daemonsets', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const daemonPods = async (): Promise<PodView[]> => (JSON.parse((await c.kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'json'])).stdout).items as PodView[]).filter((p) => !p.metadata.deletionTimestamp);
  const manifest = (image: string) =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }] } } },
    });

  it('runs one pod per node, skipping a tainted node it does not tolerate', async () => {
    await c.kubectl(['taint', 'node', 'skiff-worker-3', 'dedicated=db:NoSchedule']);
    await c.kubectl(['apply', '-f', '-'], { input: manifest('fluent/fluent-bit:3.0') });
    const pods = await eventually(async () => {
      const all = await daemonPods();
      return all.length === 2 && all.every((p) => p.status.phase === 'Running') ? all : undefined;
    }, 40_000);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['skiff-worker-1', 'skiff-worker-2']);
    await c.kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=40s']);
    const row = (await c.kubectl(['get', 'ds', 'agent', '--no-headers'])).stdout.trim().split(/\s+/);
    expect(row.slice(0, 7)).toEqual(['agent', '2', '2', '2', '2', '2', '<none>']);
  }, 90_000);

  it('adds a pod when the taint goes and when a node joins', async () => {
    await c.kubectl(['taint', 'node', 'skiff-worker-3', 'dedicated=db:NoSchedule-']);
    await eventually(async () => ((await daemonPods()).some((p) => p.spec.nodeName === 'skiff-worker-3' && p.status.phase === 'Running') ? true : undefined), 40_000);
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'late-node', labels: { 'kubernetes.io/hostname': 'late-node' } }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } }) });
    const late = await eventually(async () => (await daemonPods()).find((p) => p.spec.nodeName === 'late-node'), 40_000);
    expect(late.metadata.labels?.['controller-revision-hash']).toBeDefined();
    await c.kubectl(['delete', 'node', 'late-node']);
    await eventually(async () => ((await daemonPods()).some((p) => p.spec.nodeName === 'late-node') ? undefined : true), 40_000);
  }, 120_000);

  it('rolls an image change node by node with maxUnavailable 1, keeps history, and undoes', async () => {
    await c.kubectl(['set', 'image', 'daemonset/agent', 'agent=fluent/fluent-bit:3.1']);
    await c.kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
    const pods = await eventually(async () => {
      const all = await daemonPods();
      return all.length === 3 && all.every((p) => p.spec.containers[0].image === 'fluent/fluent-bit:3.1' && p.status.phase === 'Running') ? all : undefined;
    }, 60_000);
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);
    const history = (await c.kubectl(['rollout', 'history', 'daemonset/agent'])).stdout;
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    const revisions = (await c.kubectl(['get', 'controllerrevisions', '--no-headers'])).stdout;
    expect(revisions).toMatch(/agent-\S+\s+daemonset\.apps\/agent\s+1/);
    await c.kubectl(['rollout', 'undo', 'daemonset/agent']);
    await c.kubectl(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
    await eventually(async () => {
      const all = await daemonPods();
      return all.length === 3 && all.every((p) => p.spec.containers[0].image === 'fluent/fluent-bit:3.0' && p.status.phase === 'Running') ? true : undefined;
    }, 60_000);
    const after = (await c.kubectl(['rollout', 'history', 'daemonset/agent'])).stdout;
    expect(after).toMatch(/\n2\s+<none>\n3\s+<none>/);
  }, 240_000);

  it('refuses a DaemonSet whose selector does not match its template', async () => {
    const bad = await c.kubectl(['apply', '-f', '-'], {
      allowFail: true,
      input: JSON.stringify({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'bad' }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }),
    });
    expect(bad.stderr).toContain('spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`');
  });
});
