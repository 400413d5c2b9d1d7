import { NO_NODES_AVAILABLE, ScheduleFailure, ScheduleResult, isScheduled, schedulePod } from '../../shared/scheduler/framework';
import { numFeasibleNodesToFind } from '../../shared/scheduler/filtering';
import { defaultProfile } from '../../shared/scheduler/profile';
import { assume, buildSnapshot } from '../../shared/scheduler/snapshot';
import type { Node, Pod } from '../../shared/api/types';
import { makeNode, makePod } from './fixtures';

function failure(result: ScheduleResult): ScheduleFailure {
  if (isScheduled(result)) throw new Error(`expected a failure, got node ${result.node}`);
  return result;
}

function nodeOf(result: ScheduleResult): string {
  if (!isScheduled(result)) throw new Error(`expected a node, got: ${result.message}`);
  return result.node;
}

/** Schedules `pods` in order with assume, as a batch does; returns pod name → node (or undefined). */
function scheduleBatch(nodes: Node[], pods: Pod[], profile = defaultProfile()): Record<string, string | undefined> {
  const snapshot = buildSnapshot(nodes, []);
  const placed: Record<string, string | undefined> = {};
  for (const pod of pods) {
    const result = schedulePod(pod, snapshot, profile);
    placed[pod.metadata?.name ?? ''] = isScheduled(result) ? assume(snapshot, pod, result.node).pod.spec?.nodeName : undefined;
  }
  return placed;
}

describe('schedulePod', () => {
  it('binds the pod to the only node that fits', () => {
    const nodes = [makeNode({ name: 'small', cpu: '1' }), makeNode({ name: 'big', cpu: '8' }), makeNode({ name: 'tiny', cpu: '500m' })];

    const result = schedulePod(makePod({ name: 'p', cpu: '2' }), buildSnapshot(nodes, []), defaultProfile());

    expect(result).toEqual({ node: 'big', evaluatedNodes: 3, feasibleNodes: 1 });
  });

  it('answers upstream\'s message when there are no nodes', () => {
    expect(failure(schedulePod(makePod({ name: 'p' }), buildSnapshot([], []), defaultProfile())).message).toBe(NO_NODES_AVAILABLE);
  });

  describe('failure message', () => {
    const taint = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }];
    const cases: Array<[string, Node[], Pod[], Parameters<typeof makePod>[0], string]> = [
      [
        'counts each reason per node, sorted, with the preemption dry run',
        [makeNode({ name: 'n1', cpu: '1' }), makeNode({ name: 'n2', taints: taint }), makeNode({ name: 'n3', taints: taint })],
        [],
        { name: 'p', cpu: '2' },
        '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}. ' +
          'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      ],
      [
        'says preemption is not helpful when every node is unresolvable',
        [makeNode({ name: 'n1' }), makeNode({ name: 'n2' }), makeNode({ name: 'n3' })],
        [],
        { name: 'p', nodeSelector: { disktype: 'nvme' } },
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. " +
          'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      ],
      [
        'prints an empty taint value as upstream does',
        [makeNode({ name: 'n1', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] })],
        [],
        { name: 'p' },
        '0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ' +
          'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
      ],
      [
        'lists several reasons of one node',
        [makeNode({ name: 'n1', cpu: '1', memory: '1Gi' })],
        [],
        { name: 'p', cpu: '2', memory: '2Gi' },
        '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      ],
      [
        'orders by the formatted "<count> <reason>" text, as sort.Strings does',
        [
          ...Array.from({ length: 10 }, (_, i) => makeNode({ name: `cordoned-${i}`, unschedulable: true })),
          makeNode({ name: 'small-1', cpu: '1' }),
          makeNode({ name: 'small-2', cpu: '1' }),
        ],
        [],
        { name: 'p', cpu: '2' },
        '0/12 nodes are available: 10 node(s) were unschedulable, 2 Insufficient cpu. ' +
          'preemption: 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
      ],
      [
        'counts nodes a preFilter ruled out',
        [makeNode({ name: 'n1', cpu: '1' }), makeNode({ name: 'n2' }), makeNode({ name: 'n3' })],
        [],
        {
          name: 'p',
          cpu: '2',
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } },
        },
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
          'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
      ],
      [
        'prints a preFilter rejection instead of the per-node reasons',
        [makeNode({ name: 'n1' }), makeNode({ name: 'n2' }), makeNode({ name: 'n3' })],
        [],
        {
          name: 'p',
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }],
              },
            },
          },
        },
        '0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      ],
      [
        'says a pod that never preempts is not eligible',
        [makeNode({ name: 'n1', cpu: '1' })],
        [],
        { name: 'p', cpu: '2', preemptionPolicy: 'Never' },
        '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
      ],
      [
        'explains why evicting lower-priority pods would not help',
        [makeNode({ name: 'n1', cpu: '1' })],
        [makePod({ name: 'low', cpu: '500m', nodeName: 'n1', priority: -10 })],
        { name: 'p', cpu: '2' },
        '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.',
      ],
    ];

    it.each(cases)('%s', (_name, nodes, pods, fixture, message) => {
      expect(failure(schedulePod(makePod(fixture), buildSnapshot(nodes, pods), defaultProfile())).message).toBe(message);
    });

    it('returns the reason histogram alongside the message', () => {
      const nodes = [makeNode({ name: 'n1', cpu: '1' }), makeNode({ name: 'n2', unschedulable: true }), makeNode({ name: 'n3', unschedulable: true })];

      const result = failure(schedulePod(makePod({ name: 'p', cpu: '2' }), buildSnapshot(nodes, []), defaultProfile()));

      expect([...result.reasons]).toEqual([
        ['Insufficient cpu', 1],
        ['node(s) were unschedulable', 2],
      ]);
      expect(result.preemptionCandidates).toBeUndefined();
    });

    it('names the nodes where preempting lower-priority pods makes room, without a preemption message', () => {
      const nodes = [makeNode({ name: 'n1', cpu: '1' }), makeNode({ name: 'n2', cpu: '1' })];
      const pods = [makePod({ name: 'low', cpu: '800m', nodeName: 'n1', priority: 0 }), makePod({ name: 'high', cpu: '800m', nodeName: 'n2', priority: 100 })];

      const result = failure(schedulePod(makePod({ name: 'p', cpu: '500m', priority: 10 }), buildSnapshot(nodes, pods), defaultProfile()));

      expect(result.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
      expect(result.preemptionCandidates).toEqual(['n1']);
    });

    it('recounts affinity without the victims when deciding whether preemption helps', () => {
      const nodes = [makeNode({ name: 'n1' })];
      const pods = [makePod({ name: 'low', labels: { app: 'web' }, nodeName: 'n1', priority: 0 })];
      const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] } };

      const result = failure(schedulePod(makePod({ name: 'p', labels: { app: 'web' }, affinity: antiAffinity, priority: 10 }), buildSnapshot(nodes, pods), defaultProfile()));

      expect(result.message).toBe("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.");
      expect(result.preemptionCandidates).toEqual(['n1']);
    });
  });

  describe('batches with assume', () => {
    it('never overcommits when placing 10 pods on 3 small nodes', () => {
      const nodes = ['n1', 'n2', 'n3'].map((name) => makeNode({ name, cpu: '1', memory: '2Gi' }));
      const pods = Array.from({ length: 10 }, (_, i) => makePod({ name: `p${i}`, cpu: '400m', memory: '512Mi' }));
      const snapshot = buildSnapshot(nodes, []);

      const results = pods.map((pod) => {
        const result = schedulePod(pod, snapshot, defaultProfile());
        if (isScheduled(result)) assume(snapshot, pod, result.node);
        return result;
      });

      expect(results.filter(isScheduled)).toHaveLength(6);
      for (const nodeInfo of snapshot.nodeInfos) {
        expect(nodeInfo.pods).toHaveLength(2);
        expect(nodeInfo.requested.milliCPU).toBeLessThanOrEqual(nodeInfo.allocatable.milliCPU);
      }
      expect(failure(results[9]).message).toBe(
        '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      );
    });

    it('keeps required anti-affinity replicas on separate hosts within one batch', () => {
      const nodes = ['n1', 'n2', 'n3'].map((name) => makeNode({ name }));
      const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }] } };
      const pods = Array.from({ length: 4 }, (_, i) => makePod({ name: `web-${i}`, labels: { app: 'web' }, affinity: antiAffinity }));

      const placed = scheduleBatch(nodes, pods);

      expect(new Set(Object.values(placed).slice(0, 3))).toEqual(new Set(['n1', 'n2', 'n3']));
      expect(placed['web-3']).toBeUndefined();
    });
  });

  describe('scoring strategy', () => {
    const nodes = ['n1', 'n2', 'n3'].map((name) => makeNode({ name, cpu: '4', memory: '8Gi' }));
    const busy = makePod({ name: 'busy', cpu: '2', memory: '4Gi', nodeName: 'n2' });
    const cases: Array<['LeastAllocated' | 'MostAllocated', (node: string) => boolean]> = [
      ['LeastAllocated', (node) => node !== 'n2'],
      ['MostAllocated', (node) => node === 'n2'],
    ];

    it.each(cases)('places the next pod by %s', (scoringStrategy, expected) => {
      const node = nodeOf(schedulePod(makePod({ name: 'p', cpu: '1', memory: '2Gi' }), buildSnapshot(nodes, [busy]), defaultProfile({ scoringStrategy })));
      expect(expected(node)).toBe(true);
    });

    it('packs a batch onto the fullest node with MostAllocated and spreads it with LeastAllocated', () => {
      const pods = Array.from({ length: 4 }, (_, i) => makePod({ name: `p${i}`, cpu: '1', memory: '2Gi' }));

      const packed = new Set(Object.values(scheduleBatch(nodes, pods, defaultProfile({ scoringStrategy: 'MostAllocated' }))));
      const spread = Object.values(scheduleBatch(nodes, pods, defaultProfile({ scoringStrategy: 'LeastAllocated' })));

      expect(packed.size).toBe(1);
      expect(new Set(spread).size).toBe(3);
    });
  });

  describe('ties', () => {
    const nodes = Array.from({ length: 5 }, (_, i) => makeNode({ name: `n${i}` }));

    it('breaks a tie the same way every time for the same pod', () => {
      const pick = (): string => nodeOf(schedulePod(makePod({ name: 'web-abc12', cpu: '100m' }), buildSnapshot(nodes, []), defaultProfile()));
      expect(new Set([pick(), pick(), pick()]).size).toBe(1);
    });

    it('spreads tied decisions of differently named pods over the nodes', () => {
      const picks = Array.from({ length: 20 }, (_, i) =>
        nodeOf(schedulePod(makePod({ name: `web-${i}`, cpu: '100m' }), buildSnapshot(nodes, []), defaultProfile())),
      );
      expect(new Set(picks).size).toBeGreaterThan(1);
    });
  });

  describe('numFeasibleNodesToFind', () => {
    const cases: Array<[number, number, number]> = [
      [0, 50, 50],
      [0, 100, 100],
      [0, 1000, 420],
      [0, 5000, 500],
      [0, 10000, 500],
      [10, 1000, 100],
      [50, 1000, 500],
      [100, 1000, 1000],
    ];

    it.each(cases)('with percentage %p of %p nodes finds %p', (percentage, nodes, expected) => {
      expect(numFeasibleNodesToFind(percentage, nodes)).toBe(expected);
    });

    it('stops filtering once enough nodes are feasible and resumes after them next time', () => {
      const many = Array.from({ length: 300 }, (_, i) => makeNode({ name: `n${i}` }));
      const snapshot = buildSnapshot(many, []);

      const first = schedulePod(makePod({ name: 'a' }), snapshot, defaultProfile());

      expect(first).toMatchObject({ evaluatedNodes: 144, feasibleNodes: 144 });
      expect(snapshot.nextStartNodeIndex).toBe(144);
    });
  });
});
