import { eventually, startCluster, TestCluster } from '../support/cluster';

const pod = (name: string, spec: object, labels: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec });

/** Issue 7's acceptance with the real kubectl: simulated nodes, pod lifecycles, cordon, drain. */
describe('simulated nodes', () => {
  let c: TestCluster;

  beforeAll(async () => {
    // Grace above the simulated nodes' 10 s lease renewal: with less, a loaded machine marks a node
    // Unknown between renewals and the 2 s unreachable toleration evicts the pods the drain case expects.
    c = await startCluster({ nodes: 3, nodeMonitorGracePeriodSeconds: 12, defaultNotReadyTolerationSeconds: 2, defaultUnreachableTolerationSeconds: 2 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  const phase = async (name: string) => (await c.kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.phase}'])).stdout || undefined;
  const column = async (name: string, col: number) => {
    const out = (await c.kubectl(['get', 'pod', name, '--no-headers'])).stdout.trim().split(/\s+/);
    return out[col];
  };

  it('lists N Ready nodes with roles, age and version, a Lease each, and describes them', async () => {
    const nodes = (await c.kubectl(['get', 'nodes', '--no-headers'])).stdout.trim().split('\n');
    expect(nodes).toHaveLength(3);
    for (const line of nodes) expect(line).toMatch(/^skiff-worker-\d\s+Ready\s+<none>\s+\S+\s+v1\.33\.0-skiff$/);
    const leases = (await c.kubectl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'name'])).stdout.trim().split('\n');
    expect(leases.sort()).toEqual(['lease.coordination.k8s.io/skiff-worker-1', 'lease.coordination.k8s.io/skiff-worker-2', 'lease.coordination.k8s.io/skiff-worker-3']);
    await c.kubectl(['apply', '-f', '-'], { input: pod('on-node', { nodeName: 'skiff-worker-1', containers: [{ name: 'c', image: 'nginx' }] }) });
    await eventually(async () => (await phase('on-node')) === 'Running');
    const described = (await c.kubectl(['describe', 'node', 'skiff-worker-1'])).stdout;
    for (const part of ['Capacity:', 'Allocatable:', 'Conditions:', 'Addresses:', 'InternalIP:', 'Non-terminated Pods:', 'on-node', 'Ready            True']) {
      expect(described).toContain(part);
    }
  });

  it('runs a pod to Running with an IP from its node\'s CIDR', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: pod('web', { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] }) });
    await eventually(async () => (await phase('web')) === 'Running');
    const json = JSON.parse((await c.kubectl(['get', 'pod', 'web', '-o', 'json'])).stdout);
    expect(json.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(json.status.containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0 });
    expect(json.status.conditions.map((x: { type: string }) => x.type)).toEqual(expect.arrayContaining(['Initialized', 'ContainersReady', 'Ready', 'PodScheduled']));
  });

  it('shows CrashLoopBackOff with rising restarts for exit 1 under Always, Failed under Never, Completed for true', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: pod('crasher', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] }) });
    await c.kubectl(['apply', '-f', '-'], { input: pod('fails-once', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] }) });
    await c.kubectl(['apply', '-f', '-'], { input: pod('done', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] }) });
    await eventually(async () => (await column('crasher', 2)) === 'CrashLoopBackOff', 30_000);
    expect(Number(await column('crasher', 3))).toBeGreaterThanOrEqual(1);
    await eventually(async () => (await phase('fails-once')) === 'Failed');
    expect(await column('fails-once', 2)).toBe('Error');
    await eventually(async () => (await phase('done')) === 'Succeeded');
    expect(await column('done', 2)).toBe('Completed');
  });

  it('cordons and uncordons a node', async () => {
    await c.kubectl(['cordon', 'skiff-worker-3']);
    expect((await c.kubectl(['get', 'node', 'skiff-worker-3', '--no-headers'])).stdout).toContain('Ready,SchedulingDisabled');
    await c.kubectl(['uncordon', 'skiff-worker-3']);
    expect((await c.kubectl(['get', 'node', 'skiff-worker-3', '--no-headers'])).stdout).not.toContain('SchedulingDisabled');
  });

  it('drains through the eviction API, where a PodDisruptionBudget blocks an eviction that would break it', async () => {
    await c.kubectl(['cordon', 'skiff-worker-2']);
    await c.kubectl(['apply', '-f', '-'], { input: pod('guarded', { nodeName: 'skiff-worker-2', containers: [{ name: 'c', image: 'nginx' }] }, { app: 'guarded' }) });
    await eventually(async () => (await phase('guarded')) === 'Running');
    await c.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'keep-one' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } }),
    });
    await eventually(async () => (await c.kubectl(['get', 'pdb', 'keep-one', '-o', 'jsonpath={.status.currentHealthy}'])).stdout === '1');
    const blocked = await c.kubectl(['drain', 'skiff-worker-2', '--force', '--ignore-daemonsets', '--timeout=4s'], { allowFail: true });
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr + blocked.stdout).toContain("Cannot evict pod as it would violate the pod's disruption budget");
    await c.kubectl(['delete', 'pdb', 'keep-one']);
    const drained = await c.kubectl(['drain', 'skiff-worker-2', '--force', '--ignore-daemonsets', '--timeout=30s']);
    expect(drained.stdout).toContain('evicting pod default/guarded');
    expect(drained.stdout).toContain('node/skiff-worker-2 drained');
    await c.kubectl(['uncordon', 'skiff-worker-2']);
  });

  it('marks a node whose heartbeat stops NotReady with the unreachable taint, and brings it back', async () => {
    await c.kubectl(['annotate', 'node', 'skiff-worker-3', 'skiff.dev/heartbeat=stopped']);
    await eventually(async () => (await c.kubectl(['get', 'node', 'skiff-worker-3', '--no-headers'])).stdout.includes('NotReady'), 30_000);
    // The taint is the node lifecycle controller's next write after the condition, as upstream's.
    await eventually(async () => (await c.kubectl(['get', 'node', 'skiff-worker-3', '-o', 'jsonpath={.spec.taints[*].key}'])).stdout.includes('node.kubernetes.io/unreachable'), 30_000);
    await c.kubectl(['annotate', 'node', 'skiff-worker-3', 'skiff.dev/heartbeat-']);
    await eventually(async () => / Ready /.test((await c.kubectl(['get', 'node', 'skiff-worker-3', '--no-headers'])).stdout), 30_000);
    await eventually(async () => !(await c.kubectl(['get', 'node', 'skiff-worker-3', '-o', 'jsonpath={.spec.taints}'])).stdout.includes('unreachable'), 30_000);
  });
});
