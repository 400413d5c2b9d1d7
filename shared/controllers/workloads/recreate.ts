import type { Pod, ReplicaSet } from '../../api/types';
import { controllerRefOf } from './controller-ref';
import { deploymentComplete } from './deployment-status';
import { cleanup, newAndOld, Rollout } from './rollout';
import { filterActive, replicasOf, sumStatus } from './scaling';

/**
 * Upstream's rolloutRecreate: scale every old ReplicaSet to zero, wait until none of their pods
 * runs, then create (or grow) the new ReplicaSet to full size. `waiting` asks to look again soon:
 * pods that go away do not change any ReplicaSet this controller watches.
 */
export function rolloutRecreate(r: Rollout): { newRS?: ReplicaSet; allRSs: ReplicaSet[]; waiting: boolean } {
  let { newRS, oldRSs } = newAndOld(r, false);
  const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if (r.scaleTo(rs, 0)) scaledDown = true;
  if (scaledDown) return { newRS, allRSs: all(), waiting: true };
  if (oldPodsRunning(newRS, oldRSs, r.pods)) return { newRS, allRSs: all(), waiting: true };
  if (!newRS) ({ newRS, oldRSs } = newAndOld(r, true));
  if (newRS) r.scaleTo(newRS, replicasOf(r.d));
  if (deploymentComplete(r.d, r.d.status)) cleanup(r, oldRSs);
  return { newRS, allRSs: all(), waiting: false };
}

/** Upstream's oldPodsRunning: an old ReplicaSet still reports pods, or one of its pods is not terminal. */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: Pod[]): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid));
  return pods.some((p) => {
    const ref = controllerRefOf(p);
    if (!ref || !oldUids.has(ref.uid) || (newRS && ref.uid === newRS.metadata?.uid)) return false;
    const phase = p.status?.phase;
    return phase !== 'Failed' && phase !== 'Succeeded';
  });
}
