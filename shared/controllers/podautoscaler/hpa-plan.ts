import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricSpec, MetricStatus, MetricValueStatus, Pod } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import type { PlannedEvent } from '../events';
import type { History } from './history';
import { normalizeWithBehavior, normalizeWithoutBehavior, recordScaleEvent, type ConditionChange } from './normalize';
import { parseMilliValue } from '../../scheduler/quantity';
import { MetricError, resourceReplicas, type PodMetrics } from './replica-calculator';

/** The target's scale subresource as the controller reads it. */
export interface TargetScale {
  specReplicas: number;
  statusReplicas: number;
  selector?: string;
}

export interface HpaInputs {
  hpa: HorizontalPodAutoscaler;
  scale: TargetScale;
  /** The pods the scale's selector matches. */
  pods: Pod[];
  /** Pod metrics (milli-units) of `resource` summed over containers, or of one container. */
  metricsOf(resource: string, container?: string): PodMetrics;
  history: History;
  now: number;
}

export interface HpaPlan {
  /** Set when the target's replicas must change. */
  rescaleTo?: number;
  status: HorizontalPodAutoscalerStatus;
  history: History;
  events: PlannedEvent[];
}

type Cond = HorizontalPodAutoscalerCondition;

/** upstream's setCondition: a transition time only when the status changes. */
export function setCondition(list: Cond[], c: ConditionChange | { type: string; status: string; reason: string; message: string }, now: number): Cond[] {
  const existing = list.find((x) => x.type === c.type);
  const lastTransitionTime = existing && existing.status === c.status ? existing.lastTransitionTime : nowTimestamp(new Date(now));
  const next: Cond = { type: c.type, status: c.status, lastTransitionTime, reason: c.reason, message: c.message };
  return existing ? list.map((x) => (x.type === c.type ? next : x)) : [...list, next];
}

interface MetricResult {
  replicas: number;
  name: string;
  status: MetricStatus;
}

const FAILED_REASON: Record<string, string> = { Resource: 'FailedGetResourceMetric', ContainerResource: 'FailedGetContainerResourceMetric', Pods: 'FailedGetPodsMetric', Object: 'FailedGetObjectMetric', External: 'FailedGetExternalMetric' };

/** computeReplicasForMetric for one metric: resource metrics from the resource metrics API; custom and external ones have no API here. */
function replicasForMetric(spec: MetricSpec, inputs: HpaInputs, current: number): MetricResult {
  const src = spec.type === 'Resource' ? spec.resource : spec.type === 'ContainerResource' ? spec.containerResource : undefined;
  if (!src) {
    const name = spec.pods?.metric.name ?? spec.object?.metric.name ?? spec.external?.metric.name ?? '';
    const what = spec.type === 'External' ? 'external' : spec.type === 'Object' ? 'object' : 'pods';
    throw new MetricError(`failed to get ${what} metric value: unable to get metric ${name}: no custom or external metrics API is served by this cluster`);
  }
  const container = spec.type === 'ContainerResource' ? spec.containerResource?.container : undefined;
  const metrics = inputs.metricsOf(src.name, container);
  const nameOf = (kind: string) => (container ? `${src.name} container resource${kind}` : `${src.name} resource${kind}`);
  if (metrics.size === 0) {
    const what = src.target.averageValue !== undefined ? 'usage' : 'utilization';
    throw new MetricError(`failed to get ${src.name} ${what}: unable to get metrics for resource ${src.name}: no metrics returned from resource metrics API`);
  }
  const toStatus = (current: MetricValueStatus): MetricStatus =>
    container
      ? { type: 'ContainerResource', containerResource: { name: src.name, container, current } }
      : { type: 'Resource', resource: { name: src.name, current } };
  const args = { currentReplicas: current, pods: inputs.pods, metrics, resource: src.name, container, now: inputs.now };
  if (src.target.averageValue !== undefined) {
    const target = parseMilliValue(src.target.averageValue);
    try {
      const p = resourceReplicas({ ...args, targetAverage: target });
      return { replicas: p.replicas, name: nameOf(''), status: toStatus({ averageValue: milliToQuantity(p.rawAverage) }) };
    } catch (err) {
      throw new MetricError(`failed to get ${src.name} usage: ${(err as Error).message}`);
    }
  }
  try {
    const p = resourceReplicas({ ...args, targetUtilization: src.target.averageUtilization });
    return { replicas: p.replicas, name: nameOf(' utilization (percentage of request)'), status: toStatus({ averageUtilization: p.utilization, averageValue: milliToQuantity(p.rawAverage) }) };
  } catch (err) {
    throw new MetricError(`failed to get ${src.name} utilization: ${(err as Error).message}`);
  }
}

/** Milli-units as upstream's resource.NewMilliQuantity(v, DecimalSI).String() prints them: `250m`, `1`, `128974848`. */
export function milliToQuantity(milli: number): string {
  if (milli === 0) return '0';
  if (milli % 1000 !== 0) return `${milli}m`;
  let v = milli / 1000;
  let i = 0;
  while (v % 1000 === 0 && i < DECIMAL_SUFFIXES.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${DECIMAL_SUFFIXES[i]}`;
}

const DECIMAL_SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];


/**
 * One sync of upstream's reconcileAutoscaler, as a plan: the target's scale, the metrics' proposals
 * (the highest wins), min/max, stabilization and behavior policies, the conditions and events upstream
 * sets, and the status to write.
 */
export function planHpa(inputs: HpaInputs): HpaPlan {
  const { hpa, scale, now } = inputs;
  const spec = hpa.spec ?? { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 };
  let conditions: Cond[] = [...(hpa.status?.conditions ?? [])];
  const events: PlannedEvent[] = [];
  const set = (c: { type: string; status: string; reason: string; message: string }) => (conditions = setCondition(conditions, c, now));
  set({ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: "the HPA controller was able to get the target's current scale" });
  const current = scale.specReplicas;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  const history: History = { ...inputs.history, recommendations: inputs.history.recommendations.length ? inputs.history.recommendations : [{ value: current, at: now }], synced: now };
  const statusOf = (desired: number, metrics: MetricStatus[] | undefined, rescaled: boolean): HorizontalPodAutoscalerStatus => ({
    observedGeneration: hpa.metadata?.generation,
    ...(rescaled ? { lastScaleTime: nowTimestamp(new Date(now)) } : hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
    ...(current ? { currentReplicas: current } : {}),
    desiredReplicas: desired,
    ...(metrics && metrics.length ? { currentMetrics: metrics } : {}),
    conditions,
  });

  let desired = 0;
  let reason = '';
  let rescale = true;
  let metricStatuses: MetricStatus[] | undefined;
  if (current === 0 && min !== 0) {
    rescale = false;
    set({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' });
  } else if (current > max) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desired = max;
  } else if (current < min) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desired = min;
  } else {
    if (!scale.selector) {
      events.push({ type: 'Warning', reason: 'SelectorRequired', message: 'selector is required' });
      set({ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector', message: "the HPA target's scale is missing a selector" });
      return { status: { ...statusOf(hpa.status?.desiredReplicas ?? 0, undefined, false) }, history, events: [...events, { type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: 'selector is required' }] };
    }
    const specs = spec.metrics ?? [];
    const statuses: MetricStatus[] = [];
    let proposal = 0;
    let metricName = '';
    let invalid = 0;
    let firstError: { reason: string; message: string } | undefined;
    for (const m of specs) {
      try {
        const r = replicasForMetric(m, inputs, current);
        statuses.push(r.status);
        if (proposal === 0 || r.replicas > proposal) {
          proposal = r.replicas;
          metricName = r.name;
        }
      } catch (err) {
        if (!(err instanceof MetricError)) throw err;
        statuses.push({ type: m.type });
        const failed = { reason: FAILED_REASON[m.type] ?? 'FailedGetResourceMetric', message: err.message };
        events.push({ type: 'Warning', ...failed });
        firstError ??= failed;
        invalid++;
      }
    }
    metricStatuses = statuses.filter((s) => s.resource || s.containerResource);
    if (firstError && (invalid >= specs.length || proposal < current)) {
      set({ type: 'ScalingActive', status: 'False', reason: firstError.reason, message: `the HPA was unable to compute the replica count: ${firstError.message}` });
      const message = `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError.message}`;
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message });
      return { status: statusOf(hpa.status?.desiredReplicas ?? 0, metricStatuses, false), history, events };
    }
    set({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${metricName}` });
    desired = proposal;
    if (desired > current) reason = `${metricName} above target`;
    if (desired < current) reason = 'All metrics below target';
    const n = spec.behavior
      ? normalizeWithBehavior(history, spec.behavior, current, desired, min, max, now)
      : normalizeWithoutBehavior(history, current, desired, min, max, now);
    for (const c of n.conditions) set(c);
    history.recommendations = n.recommendations;
    desired = n.desired;
    rescale = desired !== current;
  }
  if (!rescale) return { status: statusOf(current, metricStatuses, false), history, events };
  set({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: `the HPA controller was able to update the target scale to ${desired}` });
  events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` });
  Object.assign(history, recordScaleEvent(history, spec.behavior, current, desired, now));
  return { rescaleTo: desired, status: statusOf(desired, metricStatuses, true), history, events };
}
