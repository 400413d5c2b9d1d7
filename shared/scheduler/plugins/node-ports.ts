/**
 * NodePorts (plugins/nodeports): a pod's host ports must be free on the node. A port bound on
 * 0.0.0.0 conflicts with the same protocol and port on any address.
 */
import type { FilterPlugin } from '../framework';
import type { HostPort } from '../pod-info';
import { SUCCESS as IMPORTED_SUCCESS, unschedulable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

const ANY_ADDRESS = '0.0.0.0';

/** HostPortInfo.CheckConflict for each wanted port against the ports in use. */
export function portsConflict(wanted: readonly HostPort[], used: readonly HostPort[]): boolean {
  return wanted.some((w) =>
    used.some((u) => u.port === w.port && u.protocol === w.protocol && (w.ip === ANY_ADDRESS || u.ip === ANY_ADDRESS || u.ip === w.ip)),
  );
}

export function newNodePorts(): FilterPlugin {
  return {
    name: NODE_PORTS,
    preFilter: (pod) => (pod.hostPorts.length === 0 ? 'Skip' : undefined),
    filter: (pod, nodeInfo) => (portsConflict(pod.hostPorts, nodeInfo.usedPorts) ? unschedulable(ERR_REASON_NODE_PORTS) : SUCCESS),
  };
}
