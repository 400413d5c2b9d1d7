import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '../../api/types';
import type { History, Sample } from './history';

/** --horizontal-pod-autoscaler-downscale-stabilization: 5 minutes. */
export const DOWNSCALE_STABILIZATION_SECONDS = 300;

export interface ConditionChange {
  type: 'AbleToScale' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  desired: number;
  conditions: ConditionChange[];
  recommendations: Sample[];
}

/** Upstream's calculateScaleUpLimit: at most double, and at least 4, in one step (no behavior). */
const scaleUpLimit = (current: number): number => Math.max(2 * current, 4);

/** convertDesiredReplicasWithRules: min/max and the fixed scale-up rate, with the reason that applied. */
export function limitWithRules(current: number, desired: number, min: number, max: number): { replicas: number; reason: string; message: string } {
  let maxAllowed: number;
  let reason: string;
  let message: string;
  if (max > scaleUpLimit(current)) {
    maxAllowed = scaleUpLimit(current);
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maxAllowed = max;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > maxAllowed) return { replicas: maxAllowed, reason, message };
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

const limited = (desired: number, stabilized: number, r: { reason: string; message: string }): ConditionChange => ({
  type: 'ScalingLimited',
  status: desired === stabilized ? 'False' : 'True',
  reason: r.reason,
  message: r.message,
});

/** normalizeDesiredReplicas (no behavior): the highest recommendation of the last 5 minutes, then min/max and the rate limit. */
export function normalizeWithoutBehavior(h: History, current: number, proposed: number, min: number, max: number, now: number): Normalized {
  const cutoff = now - DOWNSCALE_STABILIZATION_SECONDS * 1000;
  const kept = h.recommendations.filter((r) => r.at >= cutoff);
  const stabilized = Math.max(proposed, ...kept.map((r) => r.value));
  const able: ConditionChange =
    stabilized !== proposed
      ? { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  const r = limitWithRules(current, stabilized, min, max);
  return { desired: r.replicas, conditions: [able, limited(r.replicas, stabilized, r)], recommendations: [...kept, { value: proposed, at: now }] };
}

/** Replicas added (or removed) by the events of the last `periodSeconds`. */
const changedWithin = (events: Sample[], periodSeconds: number, now: number): number =>
  events.filter((e) => e.at > now - periodSeconds * 1000).reduce((a, e) => a + e.value, 0);

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors: the policies' bound, by selectPolicy. */
export function policyLimit(direction: 'up' | 'down', current: number, h: History, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = direction === 'up' ? (minChange ? Infinity : -Infinity) : minChange ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changedWithin(h.scaleUps, p.periodSeconds, now) + changedWithin(h.scaleDowns, p.periodSeconds, now);
    let proposed: number;
    if (direction === 'up') proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    const pickHigher = (direction === 'up') !== minChange;
    result = pickHigher ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicasWithBehaviors: both stabilization windows, then the policies' rate, then min/max. */
export function normalizeWithBehavior(h: History, behavior: HorizontalPodAutoscalerBehavior, current: number, proposed: number, min: number, max: number, now: number): Normalized {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  const upWindow = (up.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow = (down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_SECONDS) * 1000;
  let upRec = proposed;
  let downRec = proposed;
  for (const r of h.recommendations) {
    if (r.at > now - upWindow) upRec = Math.min(upRec, r.value);
    if (r.at > now - downWindow) downRec = Math.max(downRec, r.value);
  }
  const stabilized = Math.min(Math.max(current, upRec), downRec);
  const keepFrom = now - Math.max(upWindow, downWindow);
  const recommendations = [...h.recommendations.filter((r) => r.at > keepFrom), { value: proposed, at: now }];
  const stabilizedReason = proposed >= current
    ? { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
    : { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
  const able: ConditionChange =
    stabilized !== proposed
      ? { type: 'AbleToScale', status: 'True', ...stabilizedReason }
      : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  let r = { replicas: stabilized, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
  if (stabilized > current) {
    const limit = Math.max(policyLimit('up', current, h, up, now), current);
    const maxAllowed = Math.min(max, limit);
    const why = max > limit
      ? { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    if (stabilized > maxAllowed) r = { replicas: maxAllowed, ...why };
  } else if (stabilized < current) {
    const limit = Math.min(policyLimit('down', current, h, down, now), current);
    const minAllowed = Math.max(min, limit);
    const why = min < limit
      ? { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
      : { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    if (stabilized < minAllowed) r = { replicas: minAllowed, ...why };
  }
  return { desired: r.replicas, conditions: [able, limited(r.replicas, stabilized, r)], recommendations };
}

/** storeScaleEvent: a rescale recorded for the policies, events older than the longest period dropped. */
export function recordScaleEvent(h: History, behavior: HorizontalPodAutoscalerBehavior | undefined, from: number, to: number, now: number): Pick<History, 'scaleUps' | 'scaleDowns'> {
  if (!behavior || from === to) return { scaleUps: h.scaleUps, scaleDowns: h.scaleDowns };
  const longest = (r: HPAScalingRules | undefined) => Math.max(0, ...(r?.policies ?? []).map((p) => p.periodSeconds)) * 1000;
  const fresh = (events: Sample[], r: HPAScalingRules | undefined) => events.filter((e) => e.at > now - longest(r));
  const ups = fresh(h.scaleUps, behavior.scaleUp);
  const downs = fresh(h.scaleDowns, behavior.scaleDown);
  if (to > from) return { scaleUps: [...ups, { value: to - from, at: now }], scaleDowns: downs };
  return { scaleUps: ups, scaleDowns: [...downs, { value: from - to, at: now }] };
}
