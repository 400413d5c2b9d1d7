import type { Pod } from '../../api/types';
import { isPodTerminal } from '../workloads/pod-state';

/** Upstream's --terminated-pod-gc-threshold default. */
export const DEFAULT_TERMINATED_POD_THRESHOLD = 12500;

export interface PodGcPlan {
  /** Bound to nodes that no longer exist. */
  orphaned: Pod[];
  /** Terminated pods beyond the threshold, evicted first, then oldest first. */
  terminated: Pod[];
}

/**
 * Upstream's pod GC (pkg/controller/podgc) as a pure function of the pods and the names of the
 * nodes that exist. A threshold of 0 or less keeps every terminated pod. (Upstream also force-deletes
 * unscheduled pods stuck terminating; Skiff deletes a pod at once unless finalizers hold it, which a
 * force delete would not release either.)
 */
export function planPodGC(pods: Pod[], nodeNames: ReadonlySet<string>, threshold = DEFAULT_TERMINATED_POD_THRESHOLD): PodGcPlan {
  const orphaned = pods.filter((p) => !!p.spec?.nodeName && !nodeNames.has(p.spec.nodeName));
  const gone = new Set(orphaned);
  const terminated = pods.filter((p) => isPodTerminal(p) && !gone.has(p) && !p.metadata?.deletionTimestamp);
  const excess = threshold > 0 ? terminated.length - threshold : 0;
  const byAge = [...terminated].sort(evictedThenOldest);
  return { orphaned, terminated: excess > 0 ? byAge.slice(0, excess) : [] };
}

function evictedThenOldest(a: Pod, b: Pod): number {
  const evicted = (p: Pod) => (p.status?.reason === 'Evicted' ? 0 : 1);
  if (evicted(a) !== evicted(b)) return evicted(a) - evicted(b);
  const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return created(a) - created(b) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}
