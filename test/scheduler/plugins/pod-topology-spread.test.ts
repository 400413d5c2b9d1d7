import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  newPodTopologySpread,
  scoreForCount,
} from '../../../shared/scheduler/plugins/pod-topology-spread';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Node, Pod, TopologySpreadConstraint } from '../../../shared/api/types';
import { infoOf, makeNode, makePod } from '../fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const nodes = [
  makeNode({ name: 'n1', labels: { [ZONE]: 'a' } }),
  makeNode({ name: 'n2', labels: { [ZONE]: 'a' } }),
  makeNode({ name: 'n3', labels: { [ZONE]: 'b' } }),
  makeNode({ name: 'bare' }),
];

const spread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});

const web = (name: string, nodeName: string, labels: Record<string, string> = {}): Pod => makePod({ name, nodeName, labels: { app: 'web', ...labels } });

function filterAll(pod: Pod, existing: Pod[], allNodes: Node[] = nodes): Record<string, string> {
  const snapshot = buildSnapshot(allNodes, existing);
  const plugin = newPodTopologySpread();
  const info = infoOf(pod);
  const state = new CycleState();
  const pre = plugin.preFilter?.(info, snapshot, state);
  return Object.fromEntries(snapshot.nodeInfos.map((n) => [n.name, pre === 'Skip' ? 'ok' : (plugin.filter(info, n, snapshot, state).reasons[0] ?? 'ok')]));
}

describe('PodTopologySpread', () => {
  describe('filter', () => {
    const cases: Array<[string, Parameters<typeof makePod>[0], Pod[], Record<string, string>]> = [
      [
        'sends the pod to the emptier zone when the fuller one would exceed maxSkew',
        { name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread()] },
        [web('w1', 'n1'), web('w2', 'n2')],
        { n1: ERR_REASON_CONSTRAINTS_NOT_MATCH, n2: ERR_REASON_CONSTRAINTS_NOT_MATCH, n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'admits any zone while the skew stays within maxSkew',
        { name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ maxSkew: 3 })] },
        [web('w1', 'n1'), web('w2', 'n2')],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'does not count the pod itself when it does not match the selector',
        { name: 'p', labels: { app: 'other' }, topologySpreadConstraints: [spread()] },
        [web('w1', 'n1')],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'treats missing domains as empty below minDomains',
        { name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ minDomains: 3 })] },
        [web('w1', 'n1'), web('w2', 'n3')],
        { n1: ERR_REASON_CONSTRAINTS_NOT_MATCH, n2: ERR_REASON_CONSTRAINTS_NOT_MATCH, n3: ERR_REASON_CONSTRAINTS_NOT_MATCH, bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'counts only domains the pod\'s node selector allows (nodeAffinityPolicy Honor)',
        { name: 'p', labels: { app: 'web' }, nodeSelector: { [ZONE]: 'a' }, topologySpreadConstraints: [spread()] },
        [web('w1', 'n1')],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'counts every domain with nodeAffinityPolicy Ignore',
        { name: 'p', labels: { app: 'web' }, nodeSelector: { [ZONE]: 'a' }, topologySpreadConstraints: [spread({ nodeAffinityPolicy: 'Ignore' })] },
        [web('w1', 'n1')],
        { n1: ERR_REASON_CONSTRAINTS_NOT_MATCH, n2: ERR_REASON_CONSTRAINTS_NOT_MATCH, n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'narrows the selector with matchLabelKeys',
        { name: 'p', labels: { app: 'web', hash: 'v2' }, topologySpreadConstraints: [spread({ matchLabelKeys: ['hash'] })] },
        [web('old1', 'n1', { hash: 'v1' }), web('old2', 'n2', { hash: 'v1' })],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: ERR_REASON_NODE_LABEL_NOT_MATCH },
      ],
      [
        'ignores ScheduleAnyway constraints when filtering',
        { name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] },
        [web('w1', 'n1'), web('w2', 'n2')],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: 'ok' },
      ],
    ];

    it.each(cases)('%s', (_name, fixture, existing, expected) => {
      expect(filterAll(makePod(fixture), existing)).toEqual(expected);
    });

    it('leaves tainted nodes out of the domains with nodeTaintsPolicy Honor', () => {
      const tainted = [nodes[0], nodes[1], makeNode({ name: 'n3', labels: { [ZONE]: 'b' }, taints: [{ key: 'x', effect: 'NoSchedule' }] })];
      const pod = (policy: string) => makePod({ name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ nodeTaintsPolicy: policy })] });

      expect(filterAll(pod('Honor'), [web('w1', 'n1')], tainted)).toEqual({ n1: 'ok', n2: 'ok', n3: 'ok' });
      expect(filterAll(pod('Ignore'), [web('w1', 'n1')], tainted)).toEqual({ n1: ERR_REASON_CONSTRAINTS_NOT_MATCH, n2: ERR_REASON_CONSTRAINTS_NOT_MATCH, n3: 'ok' });
    });

    it('reports skew as resolvable and a missing label as unresolvable', () => {
      const snapshot = buildSnapshot(nodes, [web('w1', 'n1'), web('w2', 'n2')]);
      const plugin = newPodTopologySpread();
      const info = infoOf(makePod({ name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread()] }));
      const state = new CycleState();
      plugin.preFilter?.(info, snapshot, state);

      expect(plugin.filter(info, snapshot.nodeInfoByName.get('n1')!, snapshot, state).code).toBe('Unschedulable');
      expect(plugin.filter(info, snapshot.nodeInfoByName.get('bare')!, snapshot, state).code).toBe('UnschedulableAndUnresolvable');
    });
  });

  describe('score', () => {
    function scoreAll(pod: Pod, existing: Pod[]): Record<string, number> | 'Skip' {
      const snapshot = buildSnapshot(nodes, existing);
      const plugin = newPodTopologySpread();
      const info = infoOf(pod);
      const state = new CycleState();
      if (plugin.preScore?.(info, snapshot.nodeInfos, snapshot, state) === 'Skip') return 'Skip';
      const scores = snapshot.nodeInfos.map((n) => plugin.score(info, n, snapshot, state));
      plugin.normalize?.(scores, info, snapshot.nodeInfos, state);
      return Object.fromEntries(snapshot.nodeInfos.map((n, i) => [n.name, scores[i]]));
    }

    it('skips pods without ScheduleAnyway constraints', () => {
      expect(scoreAll(makePod({ name: 'p', topologySpreadConstraints: [spread()] }), [])).toBe('Skip');
    });

    it('scores the zone with fewer matching pods higher and ignores nodes without the label', () => {
      const pod = makePod({ name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] });
      // Zone a holds 2 pods, zone b none; 2 domains: weight ln(4). a: round(2 ln 4) = 3, b: 0.
      expect(scoreAll(pod, [web('w1', 'n1'), web('w2', 'n2')])).toEqual({ n1: 0, n2: 0, n3: 100, bare: 0 });
    });

    it('scores every node 100 when no domain holds a matching pod', () => {
      const pod = makePod({ name: 'p', labels: { app: 'web' }, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] });
      expect(scoreAll(pod, [])).toEqual({ n1: 100, n2: 100, n3: 100, bare: 0 });
    });

    it('adds maxSkew - 1 so larger skews flatten the scores', () => {
      expect(scoreForCount(2, 1, Math.log(4))).toBeCloseTo(2.7726, 3);
      expect(scoreForCount(2, 3, Math.log(4))).toBeCloseTo(4.7726, 3);
    });
  });
});
