import type { Condition, IntOrString, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types';
import { matchesLabelSelector, SelectorError } from '../../api/selectors/labels';
import { nowTimestamp } from '../../registry/time';

/** How long an approved eviction may take before the budget stops counting the pod as disrupted (upstream 2 min). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** A pod counts as healthy when its Ready condition is True (upstream's IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The pods a budget covers: policy/v1 selects none for a missing selector and all for an empty one. */
export function podsOfBudget(pdb: PodDisruptionBudget, pods: Pod[]): Pod[] {
  const selector = pdb.spec?.selector;
  // A selector that does not parse selects nothing (upstream's getPodDisruptionBudgets skips it).
  if (selectorError(pdb) !== undefined) return [];
  return pods.filter((p) => p.metadata?.namespace === pdb.metadata?.namespace && matchesLabelSelector(selector, p.metadata?.labels ?? {}));
}

/** Why the budget's selector cannot be used, or undefined when it can. */
export function selectorError(pdb: PodDisruptionBudget): string | undefined {
  try {
    matchesLabelSelector(pdb.spec?.selector, {});
    return undefined;
  } catch (err) {
    if (err instanceof SelectorError) return err.message;
    throw err;
  }
}

/**
 * upstream's failSafe: a budget that cannot be computed allows no disruption, and says why in its
 * DisruptionAllowed condition (reason SyncFailed).
 */
export function failSafeStatus(pdb: PodDisruptionBudget, message: string, now: Date): PodDisruptionBudgetStatus {
  const previous = pdb.status?.conditions ?? [];
  const before = previous.find((c) => c.type === 'DisruptionAllowed');
  const condition: Condition = {
    type: 'DisruptionAllowed',
    status: 'False',
    ...(pdb.metadata?.generation !== undefined ? { observedGeneration: pdb.metadata.generation } : {}),
    lastTransitionTime: before?.status === 'False' ? before.lastTransitionTime : nowTimestamp(now),
    reason: 'SyncFailed',
    message,
  };
  return {
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
    ...pdb.status,
    disruptionsAllowed: 0,
    conditions: [...previous.filter((c) => c.type !== 'DisruptionAllowed'), condition],
  };
}

/** Whether the budget's numbers come from the pods' controllers' scale rather than the pods themselves. */
export function needsScale(pdb: PodDisruptionBudget): boolean {
  const spec = pdb.spec ?? {};
  return spec.maxUnavailable !== undefined || typeof spec.minAvailable === 'string';
}

/** intstr.GetScaledValueFromIntOrPercent: `50%` of `total`, rounded up or down. */
export function scaled(value: IntOrString, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return Number.parseInt(value, 10) || 0;
  const exact = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** The DisruptionAllowed condition for a number of allowed disruptions (upstream's UpdateDisruptionAllowedCondition). */
export function disruptionAllowedCondition(previous: Condition[] | undefined, allowed: number, generation: number | undefined, now: Date): Condition[] {
  const status = allowed > 0 ? 'True' : 'False';
  const before = (previous ?? []).find((c) => c.type === 'DisruptionAllowed');
  const condition: Condition = {
    type: 'DisruptionAllowed',
    status,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    lastTransitionTime: before && before.status === status ? before.lastTransitionTime : nowTimestamp(now),
    reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
    message: '',
  };
  return [...(previous ?? []).filter((c) => c.type !== 'DisruptionAllowed'), condition];
}

/**
 * upstream's disruption controller for one budget: expected and desired healthy pods from
 * minAvailable / maxUnavailable (`expectedScale` is the pods' controllers' replicas, needed for
 * maxUnavailable and percentages), healthy pods (Ready, not deleting, not just evicted), and the
 * evictions that may proceed. `recheckAt` is when an approved eviction's grace runs out.
 */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  pods: Pod[],
  expectedScale: number | undefined,
  now: Date,
): { status: PodDisruptionBudgetStatus; recheckAt?: number } {
  const spec = pdb.spec ?? {};
  let expectedPods = 0;
  let desiredHealthy = 0;
  if (spec.maxUnavailable !== undefined) {
    expectedPods = expectedScale ?? 0;
    desiredHealthy = Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods, true));
  } else if (typeof spec.minAvailable === 'number') {
    desiredHealthy = spec.minAvailable;
    expectedPods = pods.length;
  } else if (typeof spec.minAvailable === 'string') {
    expectedPods = expectedScale ?? 0;
    desiredHealthy = scaled(spec.minAvailable, expectedPods, true);
  }

  const disruptedPods: Record<string, string> = {};
  let recheckAt: number | undefined;
  const approved = pdb.status?.disruptedPods ?? {};
  for (const pod of pods) {
    const name = String(pod.metadata?.name);
    if (pod.metadata?.deletionTimestamp || approved[name] === undefined) continue;
    const expires = Date.parse(approved[name]) + DELETION_TIMEOUT_MS;
    if (expires < now.getTime()) continue;
    disruptedPods[name] = approved[name];
    recheckAt = Math.min(recheckAt ?? Infinity, expires);
  }
  const currentHealthy = pods.filter((p) => !p.metadata?.deletionTimestamp && disruptedPods[String(p.metadata?.name)] === undefined && isPodReady(p)).length;
  const allowed = expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
  const generation = pdb.metadata?.generation;
  const status: PodDisruptionBudgetStatus = {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    disruptionsAllowed: allowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    conditions: disruptionAllowedCondition(pdb.status?.conditions, allowed, generation, now),
  };
  return { status, recheckAt };
}
