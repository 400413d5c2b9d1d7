import { assume, buildSnapshot, forget, nodeTreeOrder } from '../../shared/scheduler/snapshot';
import { makeNode, makePod } from './fixtures';

const ZONE = 'topology.kubernetes.io/zone';

describe('buildSnapshot', () => {
  it('counts bound pods against their node unless they finished', () => {
    const nodes = [makeNode({ name: 'n1' }), makeNode({ name: 'n2' })];
    const pods = [
      makePod({ name: 'running', cpu: '500m', memory: '1Gi', nodeName: 'n1', phase: 'Running' }),
      makePod({ name: 'pending-bound', cpu: '250m', nodeName: 'n1' }),
      makePod({ name: 'done', cpu: '1', nodeName: 'n1', phase: 'Succeeded' }),
      makePod({ name: 'crashed', cpu: '1', nodeName: 'n1', phase: 'Failed' }),
      makePod({ name: 'unbound', cpu: '1' }),
      makePod({ name: 'ghost', cpu: '1', nodeName: 'gone' }),
    ];

    const snapshot = buildSnapshot(nodes, pods);
    const n1 = snapshot.nodeInfoByName.get('n1')!;

    expect(n1.pods.map((p) => p.name)).toEqual(['running', 'pending-bound']);
    expect(n1.requested.milliCPU).toBe(750);
    expect(n1.requested.memory).toBe(2 ** 30);
    expect(n1.nonZeroRequested.memory).toBe(2 ** 30 + 200 * 2 ** 20);
    expect(snapshot.nodeInfoByName.get('n2')!.pods).toEqual([]);
  });

  it('reads allocatable, falling back to capacity', () => {
    const node = makeNode({ name: 'n', cpu: '2', memory: '4Gi', pods: '10', extended: { 'example.com/gpu': '2' } });
    const onlyCapacity = { ...node, status: { capacity: { cpu: '1', memory: '1Gi', pods: '5' } } };

    const snapshot = buildSnapshot([node, { ...onlyCapacity, metadata: { name: 'm' } }], []);

    expect(snapshot.nodeInfoByName.get('n')!.allocatable).toEqual({
      milliCPU: 2000,
      memory: 4 * 2 ** 30,
      ephemeralStorage: 0,
      allowedPodNumber: 10,
      scalar: new Map([['example.com/gpu', 2]]),
    });
    expect(snapshot.nodeInfoByName.get('m')!.allocatable.allowedPodNumber).toBe(5);
  });
});

describe('nodeTreeOrder', () => {
  it('interleaves zones so any prefix of nodes spans them', () => {
    const nodes = [
      makeNode({ name: 'a1', labels: { [ZONE]: 'a' } }),
      makeNode({ name: 'a2', labels: { [ZONE]: 'a' } }),
      makeNode({ name: 'a3', labels: { [ZONE]: 'a' } }),
      makeNode({ name: 'b1', labels: { [ZONE]: 'b' } }),
      makeNode({ name: 'c1', labels: { [ZONE]: 'c' } }),
      makeNode({ name: 'b2', labels: { [ZONE]: 'b' } }),
    ];

    expect(nodeTreeOrder(nodes.map((node) => ({ node }))).map((n) => n.node.metadata?.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });
});

describe('assume', () => {
  it('adds the pod to the node so the next decision sees its requests', () => {
    const snapshot = buildSnapshot([makeNode({ name: 'n' })], []);
    const pod = makePod({ name: 'p', cpu: '1', memory: '1Gi', hostPorts: [80] });

    const bound = assume(snapshot, pod, 'n');

    const nodeInfo = snapshot.nodeInfoByName.get('n')!;
    expect(bound.pod.spec?.nodeName).toBe('n');
    expect(nodeInfo.requested.milliCPU).toBe(1000);
    expect(nodeInfo.freeMilliCPU).toBe(3000);
    expect(nodeInfo.usedPorts).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }]);
    expect(pod.spec?.nodeName).toBeUndefined();
  });

  it('refuses to assume a pod twice or onto an unknown node', () => {
    const snapshot = buildSnapshot([makeNode({ name: 'n' })], []);
    const pod = makePod({ name: 'p' });
    assume(snapshot, pod, 'n');

    expect(() => assume(snapshot, pod, 'n')).toThrow('already on node "n"');
    expect(() => assume(snapshot, makePod({ name: 'q' }), 'nope')).toThrow('node "nope" is not in the snapshot');
  });

  it('is undone by forget', () => {
    const snapshot = buildSnapshot([makeNode({ name: 'n' })], []);
    const pod = makePod({
      name: 'p',
      cpu: '1',
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: {} }] } },
    });
    assume(snapshot, pod, 'n');

    expect(forget(snapshot, pod)).toBe(true);

    const nodeInfo = snapshot.nodeInfoByName.get('n')!;
    expect(nodeInfo.pods).toEqual([]);
    expect(nodeInfo.requested.milliCPU).toBe(0);
    expect(nodeInfo.freeMilliCPU).toBe(nodeInfo.allocatable.milliCPU);
    expect(nodeInfo.freePods).toBe(nodeInfo.allocatable.allowedPodNumber);
    expect(snapshot.nodesWithRequiredAntiAffinityPods.size).toBe(0);
    expect(forget(snapshot, pod)).toBe(false);
  });
});
