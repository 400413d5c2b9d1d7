/** NodeName (plugins/nodename): a pod that names a node in `spec.nodeName` fits only that node. */
import type { Node, Pod } from '../../api/types';
import type { FilterPlugin } from '../framework';
import { SUCCESS as IMPORTED_SUCCESS, unresolvable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export function fitsNodeName(pod: Pod, node: Node): boolean {
  const wanted = pod.spec?.nodeName;
  return !wanted || wanted === node.metadata?.name;
}

export function newNodeName(): FilterPlugin {
  return {
    name: NODE_NAME,
    preFilter: (pod) => (pod.pod.spec?.nodeName ? undefined : 'Skip'),
    filter: (pod, nodeInfo) => (fitsNodeName(pod.pod, nodeInfo.node) ? SUCCESS : unresolvable(ERR_REASON_NODE_NAME)),
  };
}
