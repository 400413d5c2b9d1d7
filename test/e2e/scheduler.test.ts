import { eventually, startCluster, TestCluster } from '../support/cluster';

const node = (name: string, cpu: string, labels: Record<string, string> = {}, extra: object = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: extra,
    status: { capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  });

const pod = (name: string, spec: object) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '500m' } } }], ...spec } });

/** Issue 5's acceptance: real kubectl against the runner with no simulated nodes. */
describe('scheduler end to end', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 0 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  const nodeOf = async (name: string) => (await c.kubectl(['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}'])).stdout;
  /** The node once the pod is bound (eventually() waits while this is undefined). */
  const boundNode = async (name: string) => (await nodeOf(name)) || undefined;

  it('places each pod where upstream would, and binds an unschedulable pod once a big enough node appears', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: node('n-small', '1', { zone: 'a' }) });
    await c.kubectl(['apply', '-f', '-'], { input: node('n-gpu', '4', { zone: 'b', accel: 'gpu' }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }) });
    await c.kubectl(['apply', '-f', '-'], { input: node('n-cordoned', '16', { zone: 'c' }, { unschedulable: true }) });

    await c.kubectl(['apply', '-f', '-'], { input: pod('by-selector', { nodeSelector: { zone: 'a' } }) });
    await c.kubectl(['apply', '-f', '-'], {
      input: pod('by-affinity', {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'accel', operator: 'In', values: ['gpu'] }] }] } } },
      }),
    });
    await c.kubectl(['apply', '-f', '-'], { input: pod('untolerated', { nodeSelector: { accel: 'gpu' } }) });
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '8' } } }] } }) });

    expect(await eventually(() => boundNode('by-selector'))).toBe('n-small');
    expect(await eventually(() => boundNode('by-affinity'))).toBe('n-gpu');
    const events = await eventually(async () => {
      const out = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=huge,reason=FailedScheduling', '-o', 'jsonpath={.items[*].message}'])).stdout;
      return out || undefined;
    });
    expect(events).toContain('0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable.');
    const cond = (await c.kubectl(['get', 'pod', 'huge', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].reason}'])).stdout;
    expect(cond).toBe('Unschedulable');
    expect(await nodeOf('untolerated')).toBe('');

    await c.kubectl(['apply', '-f', '-'], { input: node('n-big', '16', { zone: 'd' }) });
    expect(await eventually(() => boundNode('huge'))).toBe('n-big');
  });

  it('binds a pod pinned with spec.nodeName skipping nothing, and never overcommits a node', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: node('n-tight', '2', { pool: 'tight' }) });
    for (let i = 0; i < 6; i++) await c.kubectl(['apply', '-f', '-'], { input: pod(`tight-${i}`, { nodeSelector: { pool: 'tight' } }) });
    await eventually(async () => {
      const out = (await c.kubectl(['get', 'pods', '--field-selector', 'spec.nodeName=n-tight', '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);
      return out.length === 4 ? out : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    const bound = (await c.kubectl(['get', 'pods', '--field-selector', 'spec.nodeName=n-tight', '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);
    expect(bound).toHaveLength(4);
  });

  it('leaves pods for other schedulers alone', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: pod('other-scheduler', { schedulerName: 'my-scheduler' }) });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await nodeOf('other-scheduler')).toBe('');
  });
});
