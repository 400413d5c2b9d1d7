import { ERR_REASON_NODE_PORTS, newNodePorts, portsConflict } from '../../../shared/scheduler/plugins/node-ports';
import type { HostPort } from '../../../shared/scheduler/pod-info';
import { CycleState } from '../../../shared/scheduler/cycle-state';
import { buildSnapshot } from '../../../shared/scheduler/snapshot';
import { infoOf, makeNode, makePod, nodeInfoOf } from '../fixtures';

describe('NodePorts', () => {
  const port = (p: number, ip = '0.0.0.0', protocol = 'TCP'): HostPort => ({ ip, protocol, port: p });
  const cases: Array<[string, HostPort[], HostPort[], boolean]> = [
    ['no ports in use', [port(80)], [], false],
    ['the same port on all addresses', [port(80)], [port(80)], true],
    ['another port', [port(80)], [port(8080)], false],
    ['another protocol', [port(53, '0.0.0.0', 'UDP')], [port(53)], false],
    ['a specific address against all addresses', [port(80, '10.0.0.1')], [port(80)], true],
    ['two different specific addresses', [port(80, '10.0.0.1')], [port(80, '10.0.0.2')], false],
  ];

  it.each(cases)('decides a conflict with %s', (_name, wanted, used, conflict) => {
    expect(portsConflict(wanted, used)).toBe(conflict);
  });

  it('rejects a node whose pods hold the pod\'s host port', () => {
    const node = makeNode({ name: 'n' });
    const pod = infoOf(makePod({ name: 'web', hostPorts: [80] }));
    const status = newNodePorts().filter(pod, nodeInfoOf(node, [makePod({ name: 'old', hostPorts: [80], nodeName: 'n' })]), buildSnapshot([node], []), new CycleState());

    expect(status).toEqual({ code: 'Unschedulable', reasons: [ERR_REASON_NODE_PORTS] });
  });

  it('skips pods without host ports', () => {
    const node = makeNode({ name: 'n' });
    expect(newNodePorts().preFilter?.(infoOf(makePod({ name: 'p' })), buildSnapshot([node], []), new CycleState())).toBe('Skip');
  });
});
