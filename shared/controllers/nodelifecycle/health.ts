import type { Lease, Node, NodeCondition } from '../../api/types';
import { nowTimestamp } from '../../registry/time';

/** The conditions a kubelet posts; all of them go Unknown when it stops posting. */
export const KUBELET_NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export interface NodeHealth {
  /** The node's conditions after this observation. */
  conditions: NodeCondition[];
  /** Whether `conditions` differ from the stored ones (a status write is due). */
  changed: boolean;
  /** The Ready condition's status after this observation; undefined if the node never posted one. */
  ready: string | undefined;
  /** When the node counts as unreachable if nothing more is heard from it (ms since the epoch). */
  staleAt: number;
}

/**
 * upstream's monitorNodeHealth for one node: the last time its kubelet was heard from is the newest
 * of its Lease renewal, its Ready heartbeat and (for a node that never posted) its creation. Once
 * that is older than the grace period, every kubelet condition becomes Unknown.
 */
export function observeNodeHealth(node: Node, lease: Lease | undefined, now: Date, gracePeriodSeconds: number): NodeHealth {
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const heard = [lease?.spec?.renewTime, ready?.lastHeartbeatTime, node.metadata?.creationTimestamp]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const staleAt = (heard.length > 0 ? Math.max(...heard) : now.getTime()) + gracePeriodSeconds * 1000;
  if (now.getTime() < staleAt) return { conditions, changed: false, ready: ready?.status, staleAt };

  const ts = nowTimestamp(now);
  let changed = false;
  const next = conditions.map((c) => {
    if (!KUBELET_NODE_CONDITIONS.includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts };
  });
  for (const type of KUBELET_NODE_CONDITIONS) {
    if (next.some((c) => c.type === type)) continue;
    changed = true;
    next.push({
      type,
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
      lastHeartbeatTime: node.metadata?.creationTimestamp,
      lastTransitionTime: ts,
    });
  }
  return { conditions: next, changed, ready: 'Unknown', staleAt };
}
