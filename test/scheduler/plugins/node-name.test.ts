import { ERR_REASON_NODE_NAME, fitsNodeName, newNodeName } from '../../../shared/scheduler/plugins/node-name';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import { infoOf, makeNode, makePod, nodeInfoOf } from '../fixtures';

describe('NodeName', () => {
  const node = makeNode({ name: 'node-a' });
  const cases: Array<[string, string | undefined, boolean]> = [
    ['admits a pod that names no node', undefined, true],
    ['admits a pod that names this node', 'node-a', true],
    ['rejects a pod that names another node', 'node-b', false],
  ];

  it.each(cases)('%s', (_name, nodeName, fits) => {
    expect(fitsNodeName(makePod({ name: 'p', nodeName }), node)).toBe(fits);
  });

  it('reports a mismatch as unresolvable with upstream\'s reason', () => {
    const status = newNodeName().filter(infoOf(makePod({ name: 'p', nodeName: 'node-b' })), nodeInfoOf(node), buildSnapshot([node], []), new CycleState());

    expect(status).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_NAME] });
  });
});
