import { balancedResourceScore, newNodeResourcesBalancedAllocation } from '../../../shared/scheduler/plugins/node-resources-balanced-allocation';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Container } from '../../../shared/api/types';
import { infoOf, makeNode, makePod } from '../fixtures';

const app = (name: string, cpu: string, memory: string): Container => ({ name, image: 'x', resources: { requests: { cpu, memory } } });

describe('NodeResourcesBalancedAllocation', () => {
  describe('balancedResourceScore', () => {
    const cases: Array<[string, number[], number[], number]> = [
      ['equal shares', [3000, 5000], [6000, 10000], 100],
      ['unequal shares', [3000, 5000], [4000, 10000], 87],
      ['a share above 1 counts as 1', [8000, 0], [4000, 10000], 50],
      ['a single resource', [1000, 0], [4000, 0], 100],
      ['three resources', [1, 1, 0], [2, 4, 4], 79],
    ];

    it.each(cases)('scores %s', (_name, requested, allocatable, score) => {
      expect(balancedResourceScore(requested, allocatable)).toBe(score);
    });
  });

  it('prefers the node where cpu and memory end up equally used', () => {
    const nodes = [makeNode({ name: 'node1', cpu: '4000m', memory: '10000' }), makeNode({ name: 'node2', cpu: '6000m', memory: '10000' })];
    const snapshot = buildSnapshot(nodes, []);
    const plugin = newNodeResourcesBalancedAllocation();
    const pod = infoOf(makePod({ name: 'p', containers: [app('a', '1000m', '2000'), app('b', '2000m', '3000')] }));
    const state = new CycleState();
    plugin.preScore?.(pod, snapshot.nodeInfos, snapshot, state);

    expect(snapshot.nodeInfos.map((n) => plugin.score(pod, n, snapshot, state))).toEqual([87, 100]);
  });

  it('skips best-effort pods', () => {
    const snapshot = buildSnapshot([makeNode({ name: 'n' })], []);

    expect(newNodeResourcesBalancedAllocation().preScore?.(infoOf(makePod({ name: 'p' })), snapshot.nodeInfos, snapshot, new CycleState())).toBe('Skip');
  });
});
