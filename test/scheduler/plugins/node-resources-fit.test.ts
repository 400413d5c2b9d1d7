import {
  checkFit,
  fitsRequest,
  leastRequestedScore,
  mostRequestedScore,
  newNodeResourcesFit,
  ScoringStrategyType,
} from '../../../shared/scheduler/plugins/node-resources-fit';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Container } from '../../../shared/api/types';
import { infoOf, makeNode, makePod, nodeInfoOf } from '../fixtures';

const app = (name: string, cpu: string, memory: string): Container => ({ name, image: 'x', resources: { requests: { cpu, memory } } });

describe('NodeResourcesFit', () => {
  describe('fitsRequest', () => {
    const node = makeNode({ name: 'n', cpu: '2', memory: '4Gi', pods: '3', extended: { 'example.com/gpu': '1' } });
    const existing = [makePod({ name: 'e1', cpu: '1', memory: '1Gi', nodeName: 'n' }), makePod({ name: 'e2', cpu: '500m', memory: '1Gi', nodeName: 'n' })];
    const cases: Array<[string, Parameters<typeof makePod>[0], string[]]> = [
      ['admits a pod that fits', { name: 'p', cpu: '500m', memory: '2Gi' }, []],
      ['admits a pod that requests nothing', { name: 'p' }, []],
      ['rejects a pod needing more cpu than is left', { name: 'p', cpu: '600m', memory: '1Gi' }, ['Insufficient cpu']],
      ['rejects a pod needing more memory than is left', { name: 'p', cpu: '100m', memory: '3Gi' }, ['Insufficient memory']],
      ['lists every insufficient resource', { name: 'p', cpu: '1', memory: '3Gi' }, ['Insufficient cpu', 'Insufficient memory']],
      ['checks extended resources', { name: 'p', extended: { 'example.com/gpu': '2' } }, ['Insufficient example.com/gpu']],
      ['checks extended resources the node lacks', { name: 'p', extended: { 'example.com/fpga': '1' } }, ['Insufficient example.com/fpga']],
      [
        'counts init containers as the max of their peak and the app containers',
        { name: 'p', containers: [app('a', '100m', '1Gi')], initContainers: [app('init', '600m', '1Gi')] },
        ['Insufficient cpu'],
      ],
      ['counts pod overhead', { name: 'p', cpu: '400m', memory: '1Gi', overhead: { cpu: '200m' } }, ['Insufficient cpu']],
    ];

    it.each(cases)('%s', (_name, fixture, reasons) => {
      const nodeInfo = nodeInfoOf(node, existing);
      expect(fitsRequest(infoOf(makePod(fixture)).requests, nodeInfo).map((r) => r.reason)).toEqual(reasons);
    });

    it('rejects a full node with Too many pods first', () => {
      const full = nodeInfoOf(node, [...existing, makePod({ name: 'e3', nodeName: 'n' })]);
      const status = checkFit(infoOf(makePod({ name: 'p', cpu: '1' })).requests, full);

      expect(status).toEqual({ code: 'Unschedulable', reasons: ['Too many pods', 'Insufficient cpu'] });
    });
  });

  describe('per-resource scores', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 4000, 100, 0],
      [3000, 4000, 25, 75],
      [4000, 4000, 0, 100],
      [5000, 4000, 0, 100],
      [1, 0, 0, 0],
    ];

    it.each(cases)('scores %p requested of %p as least %p / most %p', (requested, capacity, least, most) => {
      expect(leastRequestedScore(requested, capacity)).toBe(least);
      expect(mostRequestedScore(requested, capacity)).toBe(most);
    });
  });

  describe('score', () => {
    // Upstream's "nothing scheduled, resources requested, differently sized nodes" cases.
    const nodes = [makeNode({ name: 'node1', cpu: '4000m', memory: '10000' }), makeNode({ name: 'node2', cpu: '6000m', memory: '10000' })];
    const pod = makePod({ name: 'p', containers: [app('a', '1000m', '2000'), app('b', '2000m', '3000')] });
    const cases: Array<[ScoringStrategyType, number[]]> = [
      ['LeastAllocated', [37, 50]],
      ['MostAllocated', [62, 50]],
    ];

    it.each(cases)('scores with %s', (scoringStrategy, expected) => {
      const snapshot = buildSnapshot(nodes, []);
      const plugin = newNodeResourcesFit({ scoringStrategy });
      const info = infoOf(pod);
      const state = new CycleState();
      plugin.preScore?.(info, snapshot.nodeInfos, snapshot, state);

      expect(snapshot.nodeInfos.map((n) => plugin.score(info, n, snapshot, state))).toEqual(expected);
    });

    it('counts containers without requests as 100m and 200Mi', () => {
      const node = makeNode({ name: 'n', cpu: '1', memory: '1000Mi' });
      const snapshot = buildSnapshot([node], []);
      const plugin = newNodeResourcesFit();
      const info = infoOf(makePod({ name: 'p' }));

      // cpu (1000-100)*100/1000 = 90, memory (1000-200)*100/1000 = 80.
      expect(plugin.score(info, snapshot.nodeInfos[0], snapshot, new CycleState())).toBe(85);
    });
  });
});
