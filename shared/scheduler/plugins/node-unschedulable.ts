/**
 * NodeUnschedulable (plugins/nodeunschedulable): cordoned nodes (`spec.unschedulable`) take no new
 * pods, except pods that tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import type { Node, Pod } from '../../api/types';
import type { FilterPlugin } from '../framework';
import { SUCCESS as IMPORTED_SUCCESS, unresolvable } from '../status';
import { tolerationsTolerateTaint } from './taint-toleration';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Whether `pod` may go to `node` as far as cordoning is concerned. */
export function admitsOnUnschedulable(pod: Pod, node: Node): boolean {
  return node.spec?.unschedulable !== true || tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT);
}

export function newNodeUnschedulable(): FilterPlugin {
  return {
    name: NODE_UNSCHEDULABLE,
    filter: (pod, nodeInfo) =>
      !nodeInfo.unschedulable || admitsOnUnschedulable(pod.pod, nodeInfo.node) ? SUCCESS : unresolvable(ERR_REASON_UNSCHEDULABLE),
  };
}
