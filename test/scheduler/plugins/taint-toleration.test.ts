import {
  checkTaints,
  countIntolerableTaintsPreferNoSchedule,
  newTaintToleration,
  preferNoScheduleTolerations,
  toleratesTaint,
} from '../../../shared/scheduler/plugins/taint-toleration';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Taint, Toleration } from '../../../shared/api/types';
import { infoOf, makeNode, makePod } from '../fixtures';

describe('TaintToleration', () => {
  describe('toleratesTaint', () => {
    const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const cases: Array<[string, Toleration, boolean]> = [
      ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
      ['an empty operator as Equal', { key: 'dedicated', value: 'gpu' }, true],
      ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, false],
      ['Exists on the key, any effect', { key: 'dedicated', operator: 'Exists' }, true],
      ['Exists with an empty key (tolerates everything)', { operator: 'Exists' }, true],
      ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
      ['another key', { key: 'other', operator: 'Exists' }, false],
      ['an unknown operator', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false],
    ];

    it.each(cases)('decides %s', (_name, toleration, tolerated) => {
      expect(toleratesTaint(toleration, taint)).toBe(tolerated);
    });
  });

  describe('checkTaints', () => {
    const cases: Array<[string, Taint[], Toleration[] | undefined, string | undefined]> = [
      ['admits an untainted node', [], undefined, undefined],
      ['ignores PreferNoSchedule taints', [{ key: 'a', effect: 'PreferNoSchedule' }], undefined, undefined],
      ['rejects an untolerated NoSchedule taint', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], undefined, 'node(s) had untolerated taint {dedicated: gpu}'],
      ['prints an empty value with a trailing space', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], undefined, 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }'],
      [
        'reports the first untolerated taint',
        [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', value: '2', effect: 'NoSchedule' }],
        [{ key: 'a', operator: 'Exists' }],
        'node(s) had untolerated taint {b: 2}',
      ],
      ['admits a pod tolerating every taint', [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }], [{ operator: 'Exists' }], undefined],
    ];

    it.each(cases)('%s', (_name, taints, tolerations, reason) => {
      const status = checkTaints(taints, tolerations);
      expect(status).toEqual(reason === undefined ? { code: 'Success', reasons: [] } : { code: 'UnschedulableAndUnresolvable', reasons: [reason] });
    });
  });

  describe('scoring', () => {
    it('counts untolerated PreferNoSchedule taints, honouring tolerations with an empty effect', () => {
      const taints: Taint[] = [
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'b', effect: 'PreferNoSchedule' },
        { key: 'c', effect: 'NoSchedule' },
      ];
      const tolerations = preferNoScheduleTolerations([{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists', effect: 'NoSchedule' }]);

      expect(countIntolerableTaintsPreferNoSchedule(taints, tolerations)).toBe(1);
    });

    it('gives the node with fewer intolerable taints the higher normalized score', () => {
      const nodes = [
        makeNode({ name: 'clean' }),
        makeNode({ name: 'one', taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
        makeNode({ name: 'two', taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }),
      ];
      const snapshot = buildSnapshot(nodes, []);
      const plugin = newTaintToleration();
      const pod = infoOf(makePod({ name: 'p' }));
      const state = new CycleState();
      const infos = nodes.map((n) => snapshot.nodeInfoByName.get(n.metadata?.name ?? '')!);

      plugin.preScore?.(pod, infos, snapshot, state);
      const scores = infos.map((n) => plugin.score(pod, n, snapshot, state));
      plugin.normalize?.(scores, pod, infos, state);

      expect(scores).toEqual([100, 50, 0]);
    });
  });
});
