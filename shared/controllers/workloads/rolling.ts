import type { ReplicaSet } from '../../api/types';
import { deploymentComplete } from './deployment-status';
import { cleanup, newAndOld, Rollout } from './rollout';
import { byCreation, filterActive, maxUnavailable, newRSNewReplicas, replicasOf, rsReplicas, sumReplicas, sumStatus } from './scaling';

/**
 * Upstream's rolloutRolling: create the new ReplicaSet if needed, grow it within maxSurge, or else
 * shrink old ones within maxUnavailable; once complete, clean up old history. Returns the
 * ReplicaSets the status is computed from.
 */
export function rolloutRolling(r: Rollout): { newRS?: ReplicaSet; allRSs: ReplicaSet[] } {
  const { newRS, oldRSs } = newAndOld(r, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  if (!newRS) return { allRSs };
  if (reconcileNewReplicaSet(r, allRSs, newRS)) return { newRS, allRSs };
  if (reconcileOldReplicaSets(r, allRSs, filterActive(oldRSs), newRS)) return { newRS, allRSs };
  if (deploymentComplete(r.d, r.d.status)) cleanup(r, oldRSs);
  return { newRS, allRSs };
}

function reconcileNewReplicaSet(r: Rollout, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = replicasOf(r.d);
  if (rsReplicas(newRS) === want) return false;
  if (rsReplicas(newRS) > want) return r.scaleTo(newRS, want);
  return r.scaleTo(newRS, newRSNewReplicas(r.d, allRSs, newRS));
}

/**
 * Old pods go only as far as availability allows: never below spec.replicas - maxUnavailable,
 * counting the new ReplicaSet's unavailable pods against the budget; unhealthy old pods go first.
 */
function reconcileOldReplicaSets(r: Rollout, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (sumReplicas(oldRSs) === 0) return false;
  const minAvailable = replicasOf(r.d) - maxUnavailable(r.d);
  const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(r, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSets(r, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

function cleanupUnhealthyReplicas(r: Rollout, oldRSs: ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const replicas = rsReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxCleanup - total, replicas - available);
    r.scaleTo(rs, replicas - count);
    total += count;
  }
  return total;
}

function scaleDownOldReplicaSets(r: Rollout, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = replicasOf(r.d) - maxUnavailable(r.d);
  const available = sumStatus(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= budget) break;
    if (rsReplicas(rs) === 0) continue;
    const count = Math.min(rsReplicas(rs), budget - total);
    r.scaleTo(rs, rsReplicas(rs) - count);
    total += count;
  }
  return total;
}
