import { eventually, startCluster, TestCluster } from '../support/cluster';

const priorityClass = (name: string, value: number) => JSON.stringify({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });

/** A pod asking for 2 of a simulated node's 4 CPUs; the finalizer holds a deleted pod so its last state can be read. */
const pod = (name: string, priorityClassName: string, finalizer = false) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name }, ...(finalizer ? { finalizers: ['example.com/hold'] } : {}) },
    spec: {
      priorityClassName,
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '2' } } }],
    },
  });

/** Issue 16's preemption: real kubectl against two simulated nodes full of low-priority pods. */
describe('preemption end to end', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 2 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  const field = async (name: string, path: string) => (await c.kubectl(['get', 'pod', name, '-o', `jsonpath=${path}`], { allowFail: true })).stdout;

  it('evicts the lowest-priority pod a high-priority pod needs, nominates its node and runs it there; a later low pod cannot take the room', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: priorityClass('low', 100) });
    await c.kubectl(['apply', '-f', '-'], { input: priorityClass('lower', 50) });
    await c.kubectl(['apply', '-f', '-'], { input: priorityClass('high', 1000) });
    const fillers = ['low-a', 'low-b', 'low-c'];
    for (const name of fillers) await c.kubectl(['apply', '-f', '-'], { input: pod(name, 'low') });
    // The one pod of the lowest class is the victim whatever node it landed on.
    await c.kubectl(['apply', '-f', '-'], { input: pod('lowest', 'lower', true) });
    for (const name of [...fillers, 'lowest']) await eventually(async () => ((await field(name, '{.status.phase}')) === 'Running' ? true : undefined));
    const victimNode = await field('lowest', '{.spec.nodeName}');

    await c.kubectl(['apply', '-f', '-'], { input: pod('urgent', 'high') });

    // The victim is marked as upstream marks it and deleted gracefully (the finalizer holds it for the test).
    const reason = await eventually(async () => (await field('lowest', '{.status.conditions[?(@.type=="DisruptionTarget")].reason}')) || undefined);
    expect(reason).toBe('PreemptionByScheduler');
    expect(await field('lowest', '{.status.conditions[?(@.type=="DisruptionTarget")].message}')).toBe('default-scheduler: preempting to accommodate a higher priority pod');
    expect(await field('lowest', '{.metadata.deletionTimestamp}')).not.toBe('');
    expect(await eventually(async () => (await field('urgent', '{.status.nominatedNodeName}')) || undefined)).toBe(victimNode);

    // A pod of the same class as the fillers cannot preempt them, and must not take the nominated room.
    await c.kubectl(['apply', '-f', '-'], { input: pod('late-low', 'low') });
    await c.kubectl(['patch', 'pod', 'lowest', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await eventually(async () => ((await c.kubectl(['get', 'pod', 'lowest'], { allowFail: true })).code !== 0 ? true : undefined));

    expect(await eventually(async () => ((await field('urgent', '{.status.phase}')) === 'Running' ? field('urgent', '{.spec.nodeName}') : undefined))).toBe(victimNode);
    for (const name of fillers) expect(await field(name, '{.status.phase}')).toBe('Running');
    expect(await eventually(async () => (await field('late-low', '{.status.conditions[?(@.type=="PodScheduled")].reason}')) || undefined)).toBe('Unschedulable');
    expect(await field('late-low', '{.spec.nodeName}')).toBe('');

    const uid = await field('urgent', '{.metadata.uid}');
    const events = await eventually(async () => {
      const out = (await c.kubectl(['get', 'events', '--field-selector', 'reason=Preempted'])).stdout;
      return out.includes('lowest') ? out : undefined;
    });
    expect(events).toMatch(/Normal\s+Preempted\s+pod\/lowest\s+/);
    expect(events).toContain(`Preempted by pod ${uid} on node ${victimNode}`);
  }, 240_000);
});
