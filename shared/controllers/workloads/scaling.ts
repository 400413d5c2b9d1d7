import type { Deployment, IntOrString, ReplicaSet } from '../../api/types';
import { InvalidDataError } from '../../api/invalid-data';
import { DESIRED_REPLICAS, intAnnotation, MAX_REPLICAS } from './revision';

/**
 * The arithmetic of upstream's deployment util (pkg/controller/deployment/util): surge and
 * unavailability fenceposts, the new ReplicaSet's size, proportional scaling. All pure.
 */

export const replicasOf = (d: Deployment): number => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet | undefined): number => rs?.spec?.replicas ?? 0;
export const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** intstr.GetScaledValueFromIntOrPercent: a count, or a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) {
    if (/^-?\d+$/.test(value)) return Number(value);
    throw new InvalidDataError(`invalid value for IntOrString: invalid value "${value}"`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * Upstream's ResolveFenceposts: surge rounds up, unavailability down; if both come to zero,
 * one pod may be unavailable (a rollout must be able to move).
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).unavailable, replicasOf(d));
}

export const sumReplicas = (list: (ReplicaSet | undefined)[]): number => list.reduce((n, rs) => n + rsReplicas(rs), 0);
export const sumStatus = (list: (ReplicaSet | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number =>
  list.reduce((n, rs) => n + (rs?.status?.[field] ?? 0), 0);

/** ReplicaSets with spec.replicas > 0. */
export const filterActive = (list: (ReplicaSet | undefined)[]): ReplicaSet[] => list.filter((rs): rs is ReplicaSet => !!rs && rsReplicas(rs) > 0);

/**
 * The pods a ReplicaSet may still run: its size, or its last count while its controller has yet to
 * take down the surplus of a scale-down (the count drops once those pods are marked for deletion).
 */
const podsOf = (rs: ReplicaSet | undefined): number => Math.max(rsReplicas(rs), rs?.status?.replicas ?? 0);

/**
 * Upstream's NewRSNewReplicas: how far the new ReplicaSet may grow now. Upstream sums the sizes;
 * an old ReplicaSet just scaled down may still run the pods it is about to delete, and the new
 * one's creates could land first (more so with concurrent invocations), so each counts at least
 * its last reported pods: the surge bounds running pods, not only sizes.
 */
export function newRSNewReplicas(d: Deployment, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge, replicasOf(d), true);
  const current = allRSs.reduce((n, rs) => n + podsOf(rs), 0);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUp;
}

/** The new ReplicaSet holds, and has available, every desired replica (upstream's IsSaturated). */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS);
  if (desired === undefined) return false;
  return rsReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** Upstream's GetProportion: this ReplicaSet's share of `toAdd`, never beyond what is left. */
export function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
}

/** Go's math.Round (integer.RoundToInt32): halves away from zero. */
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

const created = (rs: ReplicaSet): number => (rs.metadata?.creationTimestamp ? Date.parse(rs.metadata.creationTimestamp) : Number.MAX_SAFE_INTEGER);

/** Oldest first; name breaks ties (upstream's ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  return String(a.metadata?.name) < String(b.metadata?.name) ? -1 : String(a.metadata?.name) > String(b.metadata?.name) ? 1 : 0;
}

/** Largest first; among equals, newer first (scaling up) or older first (scaling down). */
export function bySize(newerFirst: boolean) {
  return (a: ReplicaSet, b: ReplicaSet): number => {
    if (rsReplicas(a) !== rsReplicas(b)) return rsReplicas(b) - rsReplicas(a);
    return newerFirst ? byCreation(b, a) : byCreation(a, b);
  };
}
