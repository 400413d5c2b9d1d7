import {
  ERR_REASON_CONFLICT,
  ERR_REASON_POD,
  newNodeAffinity,
  nodeSelectorTermMatches,
  podMatchesNodeSelectorAndAffinityTerms,
  preferredNodeAffinityScore,
} from '../../../shared/scheduler/plugins/node-affinity';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../../shared/api/types';
import { infoOf, makeNode, makePod, nodeInfoOf } from '../fixtures';

const node = makeNode({ name: 'node-a', labels: { zone: 'us-east-1a', disk: 'ssd', cores: '16' } });
const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, ...(values ? { values } : {}) });

describe('NodeAffinity', () => {
  describe('nodeSelectorTermMatches', () => {
    const cases: Array<[string, NodeSelectorTerm, boolean]> = [
      ['In with the value', { matchExpressions: [expr('zone', 'In', ['us-east-1a', 'us-east-1b'])] }, true],
      ['In without the value', { matchExpressions: [expr('zone', 'In', ['us-west-2a'])] }, false],
      ['NotIn with another value', { matchExpressions: [expr('disk', 'NotIn', ['hdd'])] }, true],
      ['NotIn on a missing label', { matchExpressions: [expr('gpu', 'NotIn', ['a100'])] }, true],
      ['NotIn with the value', { matchExpressions: [expr('disk', 'NotIn', ['ssd'])] }, false],
      ['Exists', { matchExpressions: [expr('disk', 'Exists')] }, true],
      ['Exists on a missing label', { matchExpressions: [expr('gpu', 'Exists')] }, false],
      ['DoesNotExist', { matchExpressions: [expr('gpu', 'DoesNotExist')] }, true],
      ['DoesNotExist on a present label', { matchExpressions: [expr('disk', 'DoesNotExist')] }, false],
      ['Gt below the value', { matchExpressions: [expr('cores', 'Gt', ['8'])] }, true],
      ['Gt at the value', { matchExpressions: [expr('cores', 'Gt', ['16'])] }, false],
      ['Lt above the value', { matchExpressions: [expr('cores', 'Lt', ['32'])] }, true],
      ['Gt on a non-integer label', { matchExpressions: [expr('disk', 'Gt', ['1'])] }, false],
      ['all expressions of a term (AND)', { matchExpressions: [expr('zone', 'In', ['us-east-1a']), expr('disk', 'In', ['hdd'])] }, false],
      ['matchFields metadata.name In', { matchFields: [expr('metadata.name', 'In', ['node-a'])] }, true],
      ['matchFields metadata.name NotIn', { matchFields: [expr('metadata.name', 'NotIn', ['node-a'])] }, false],
      ['matchFields with two values (invalid)', { matchFields: [expr('metadata.name', 'In', ['node-a', 'node-b'])] }, false],
      ['an unknown operator (invalid)', { matchExpressions: [expr('zone', 'Like', ['us'])] }, false],
      ['In without values (invalid)', { matchExpressions: [expr('zone', 'In', [])] }, false],
      ['an empty term', {}, false],
    ];

    it.each(cases)('decides %s', (_name, term, matches) => {
      expect(nodeSelectorTermMatches(term, node)).toBe(matches);
    });
  });

  describe('podMatchesNodeSelectorAndAffinityTerms', () => {
    const cases: Array<[string, Parameters<typeof makePod>[0], boolean]> = [
      ['a pod without constraints', { name: 'p' }, true],
      ['a matching nodeSelector', { name: 'p', nodeSelector: { disk: 'ssd' } }, true],
      ['a nodeSelector with a missing label', { name: 'p', nodeSelector: { disk: 'ssd', gpu: 'yes' } }, false],
      [
        'terms ORed, one matching',
        { name: 'p', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr('gpu', 'Exists')] }, { matchExpressions: [expr('disk', 'In', ['ssd'])] }] } } } },
        true,
      ],
      ['no terms at all', { name: 'p', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }, false],
      [
        'nodeSelector and affinity both required',
        { name: 'p', nodeSelector: { disk: 'hdd' }, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr('zone', 'Exists')] }] } } } },
        false,
      ],
    ];

    it.each(cases)('decides %s', (_name, fixture, matches) => {
      expect(podMatchesNodeSelectorAndAffinityTerms(makePod(fixture), node)).toBe(matches);
    });
  });

  it('rejects a mismatching node as unresolvable with upstream\'s reason', () => {
    const pod = infoOf(makePod({ name: 'p', nodeSelector: { disk: 'hdd' } }));
    const status = newNodeAffinity().filter(pod, nodeInfoOf(node), buildSnapshot([node], []), new CycleState());

    expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_POD] });
  });

  describe('preFilter', () => {
    const snapshot = buildSnapshot([node], []);
    const required = (...terms: NodeSelectorTerm[]) => makePod({ name: 'p', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
    const cases: Array<[string, ReturnType<typeof makePod>, unknown]> = [
      ['skips a pod without node constraints', makePod({ name: 'p' }), 'Skip'],
      ['filters every node for label terms', required({ matchExpressions: [expr('disk', 'Exists')] }), undefined],
      [
        'narrows to the names pinned by every term',
        required({ matchFields: [expr('metadata.name', 'In', ['node-a'])] }, { matchFields: [expr('metadata.name', 'In', ['node-b'])] }),
        { nodeNames: new Set(['node-a', 'node-b']) },
      ],
      [
        'reports terms whose name pins conflict',
        required({ matchFields: [expr('metadata.name', 'In', ['node-a']), expr('metadata.name', 'In', ['node-b'])] }),
        { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_CONFLICT] },
      ],
    ];

    it.each(cases)('%s', (_name, pod, outcome) => {
      expect(newNodeAffinity().preFilter?.(infoOf(pod), snapshot, new CycleState())).toEqual(outcome);
    });
  });

  describe('preferred terms', () => {
    const pod = makePod({
      name: 'p',
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 80, preference: { matchExpressions: [expr('disk', 'In', ['ssd'])] } },
            { weight: 20, preference: { matchExpressions: [expr('zone', 'In', ['us-west-2a'])] } },
            { weight: 5, preference: { matchExpressions: [expr('cores', 'Gt', ['4'])] } },
          ],
        },
      },
    });

    it('sums the weights of the matching preferences', () => {
      expect(preferredNodeAffinityScore(pod, node)).toBe(85);
    });

    it('normalizes the best node to 100', () => {
      const nodes = [node, makeNode({ name: 'node-b', labels: { disk: 'hdd', cores: '2' } })];
      const snapshot = buildSnapshot(nodes, []);
      const plugin = newNodeAffinity();
      const info = infoOf(pod);
      const state = new CycleState();

      expect(plugin.preScore?.(info, snapshot.nodeInfos, snapshot, state)).toBeUndefined();
      const scores = snapshot.nodeInfos.map((n) => plugin.score(info, n, snapshot, state));
      plugin.normalize?.(scores, info, snapshot.nodeInfos, state);

      expect(scores).toEqual([100, 0]);
    });
  });
});
