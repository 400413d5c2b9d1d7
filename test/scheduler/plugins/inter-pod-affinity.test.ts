import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  newInterPodAffinity,
  normalizeMinMax,
} from '../../../shared/scheduler/plugins/inter-pod-affinity';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Affinity, Node, Pod, PodAffinityTerm } from '../../../shared/api/types';
import { infoOf, makeNode, makePod } from '../fixtures';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

const nodes = [
  makeNode({ name: 'n1', labels: { [ZONE]: 'a' } }),
  makeNode({ name: 'n2', labels: { [ZONE]: 'a' } }),
  makeNode({ name: 'n3', labels: { [ZONE]: 'b' } }),
  makeNode({ name: 'bare' }),
];

const term = (labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});

/** Each node's filter outcome: 'ok' or the first reason. */
function filterAll(pod: Pod, existing: Pod[], allNodes: Node[] = nodes): Record<string, string> {
  const snapshot = buildSnapshot(allNodes, existing);
  const plugin = newInterPodAffinity();
  const info = infoOf(pod);
  const state = new CycleState();
  const pre = plugin.preFilter?.(info, snapshot, state);
  return Object.fromEntries(
    snapshot.nodeInfos.map((n) => [n.name, pre === 'Skip' ? 'ok' : (plugin.filter(info, n, snapshot, state).reasons[0] ?? 'ok')]),
  );
}

describe('InterPodAffinity', () => {
  describe('filter', () => {
    const db = makePod({ name: 'db', labels: { app: 'db' }, nodeName: 'n1' });
    const web = makePod({ name: 'web-0', labels: { app: 'web' }, nodeName: 'n1' });
    const cases: Array<[string, Affinity | undefined, Record<string, string>, Pod[], Record<string, string>]> = [
      ['admits a pod without terms anywhere', undefined, { app: 'web' }, [db], { n1: 'ok', n2: 'ok', n3: 'ok', bare: 'ok' }],
      [
        'requires a matching pod in the same zone',
        { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE)] } },
        { app: 'web' },
        [db],
        { n1: 'ok', n2: 'ok', n3: ERR_REASON_AFFINITY_RULES_NOT_MATCH, bare: ERR_REASON_AFFINITY_RULES_NOT_MATCH },
      ],
      [
        'lets the first pod of a self-affine group in where the topology label exists',
        { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'cache' }, ZONE)] } },
        { app: 'cache' },
        [db],
        { n1: 'ok', n2: 'ok', n3: 'ok', bare: ERR_REASON_AFFINITY_RULES_NOT_MATCH },
      ],
      [
        'ignores matching pods in other namespaces',
        { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, ZONE, { namespaces: ['other'] })] } },
        { app: 'web' },
        [db],
        { n1: ERR_REASON_AFFINITY_RULES_NOT_MATCH, n2: ERR_REASON_AFFINITY_RULES_NOT_MATCH, n3: ERR_REASON_AFFINITY_RULES_NOT_MATCH, bare: ERR_REASON_AFFINITY_RULES_NOT_MATCH },
      ],
      [
        'keeps replicas off a host that already runs one',
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } },
        { app: 'web' },
        [web],
        { n1: ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, n2: 'ok', n3: 'ok', bare: 'ok' },
      ],
      [
        'keeps replicas out of a zone that already runs one',
        { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } },
        { app: 'web' },
        [web],
        { n1: ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, n2: ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, n3: 'ok', bare: 'ok' },
      ],
    ];

    it.each(cases)('%s', (_name, affinity, labels, existing, expected) => {
      expect(filterAll(makePod({ name: 'incoming', labels, affinity }), existing)).toEqual(expected);
    });

    it('honours existing pods\' anti-affinity against the incoming pod', () => {
      const loner = makePod({
        name: 'loner',
        nodeName: 'n1',
        labels: { app: 'loner' },
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, ZONE)] } },
      });

      expect(filterAll(makePod({ name: 'web', labels: { app: 'web' } }), [loner])).toEqual({
        n1: ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
        n2: ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
        n3: 'ok',
        bare: 'ok',
      });
      expect(filterAll(makePod({ name: 'db', labels: { app: 'db' } }), [loner])).toEqual({ n1: 'ok', n2: 'ok', n3: 'ok', bare: 'ok' });
    });

    it('reports anti-affinity rejections as Unschedulable, so preemption may help', () => {
      const snapshot = buildSnapshot(nodes, [makePod({ name: 'web-0', labels: { app: 'web' }, nodeName: 'n1' })]);
      const plugin = newInterPodAffinity();
      const both = infoOf(
        makePod({
          name: 'p',
          labels: { app: 'web' },
          affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'web' }, HOST)] } },
        }),
      );
      const state = new CycleState();
      plugin.preFilter?.(both, snapshot, state);

      expect(plugin.filter(both, snapshot.nodeInfoByName.get('n1')!, snapshot, state).code).toBe('Unschedulable');
    });
  });

  describe('score', () => {
    function scoreAll(pod: Pod, existing: Pod[]): Record<string, number> | 'Skip' {
      const snapshot = buildSnapshot(nodes.slice(0, 3), existing);
      const plugin = newInterPodAffinity();
      const info = infoOf(pod);
      const state = new CycleState();
      if (plugin.preScore?.(info, snapshot.nodeInfos, snapshot, state) === 'Skip') return 'Skip';
      const scores = snapshot.nodeInfos.map((n) => plugin.score(info, n, snapshot, state));
      plugin.normalize?.(scores, info, snapshot.nodeInfos, state);
      return Object.fromEntries(snapshot.nodeInfos.map((n, i) => [n.name, scores[i]]));
    }

    const cache = makePod({ name: 'cache', labels: { app: 'cache' }, nodeName: 'n3' });

    it('skips a pod without preferences when no pod has affinity', () => {
      expect(scoreAll(makePod({ name: 'p' }), [cache])).toBe('Skip');
    });

    it('prefers the zone of a preferred pod', () => {
      const pod = makePod({
        name: 'p',
        affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'cache' }, ZONE) }] } },
      });
      expect(scoreAll(pod, [cache])).toEqual({ n1: 0, n2: 0, n3: 100 });
    });

    it('avoids the zone of a pod it prefers to avoid', () => {
      const pod = makePod({
        name: 'p',
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term({ app: 'cache' }, ZONE) }] } },
      });
      expect(scoreAll(pod, [cache])).toEqual({ n1: 100, n2: 100, n3: 0 });
    });

    it('draws a pod toward existing pods that require it (hard pod affinity weight)', () => {
      const client = makePod({
        name: 'client',
        nodeName: 'n1',
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'server' }, HOST)] } },
      });
      expect(scoreAll(makePod({ name: 'server', labels: { app: 'server' } }), [client])).toEqual({ n1: 100, n2: 0, n3: 0 });
    });
  });

  describe('normalizeMinMax', () => {
    const cases: Array<[number[], number[]]> = [
      [[-10, 0, 10], [0, 50, 100]],
      [[3, 3, 3], [0, 0, 0]],
      [[0, 1, 2], [0, 50, 100]],
    ];

    it.each(cases)('scales %p to %p', (input, output) => {
      const scores = [...input];
      normalizeMinMax(scores);
      expect(scores).toEqual(output);
    });
  });
});
