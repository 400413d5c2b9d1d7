import type { Node, NodeCondition } from '../api/types';
import { nowTimestamp } from '../registry/time';
import { isEc2Node, needsInitialization } from './node-plan';

export const NETWORK_UNAVAILABLE = 'NetworkUnavailable';

/**
 * The route controller's plan for one Node. Upstream creates a VPC route per node's podCIDR, then
 * sets NetworkUnavailable=False (`RouteCreated`). With ECS's awsvpc networking every task has its
 * own ENI and a VPC address, so an initialized EC2 node's pods are routable with no route at all:
 * the condition is set once the node is initialized. Returns the new conditions, or undefined when
 * nothing changes (already False, not an EC2 node, or not initialized yet).
 */
export function networkConditions(node: Node, now: Date): NodeCondition[] | undefined {
  if (!isEc2Node(node) || needsInitialization(node) || !node.spec?.providerID) return undefined;
  const conditions = node.status?.conditions ?? [];
  if (conditions.some((c) => c.type === NETWORK_UNAVAILABLE && c.status === 'False')) return undefined;
  const at = nowTimestamp(now);
  const condition: NodeCondition = {
    type: NETWORK_UNAVAILABLE,
    status: 'False',
    reason: 'RouteCreated',
    message: 'RouteController created a route',
    lastHeartbeatTime: at,
    lastTransitionTime: at,
  };
  return [...conditions.filter((c) => c.type !== NETWORK_UNAVAILABLE), condition];
}
