import { ERR_REASON_UNSCHEDULABLE, admitsOnUnschedulable, newNodeUnschedulable } from '../../../shared/scheduler/plugins/node-unschedulable';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import type { Toleration } from '../../../shared/api/types';
import { infoOf, makeNode, makePod, nodeInfoOf } from '../fixtures';

describe('NodeUnschedulable', () => {
  const cases: Array<[string, boolean, Toleration[] | undefined, boolean]> = [
    ['admits any pod on a schedulable node', false, undefined, true],
    ['rejects a pod without tolerations on a cordoned node', true, undefined, false],
    ['admits a pod tolerating the unschedulable taint', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], true],
    ['admits a pod tolerating everything', true, [{ operator: 'Exists' }], true],
    ['rejects a pod tolerating only NoExecute', true, [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }], false],
  ];

  it.each(cases)('%s', (_name, unschedulable, tolerations, admitted) => {
    expect(admitsOnUnschedulable(makePod({ name: 'p', tolerations }), makeNode({ name: 'n', unschedulable }))).toBe(admitted);
  });

  it('reports a cordoned node as unresolvable', () => {
    const node = makeNode({ name: 'n', unschedulable: true });
    const status = newNodeUnschedulable().filter(infoOf(makePod({ name: 'p' })), nodeInfoOf(node), buildSnapshot([node], []), new CycleState());

    expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] });
  });
});
