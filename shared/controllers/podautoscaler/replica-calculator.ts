import type { Pod } from '../../api/types';
import { parseMilliValue } from '../../scheduler/quantity';

/** Upstream's default tolerance: a usage ratio within 10% of 1.0 changes nothing. */
export const TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period and --horizontal-pod-autoscaler-initial-readiness-delay. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const INITIAL_READINESS_DELAY_MS = 30_000;

/** One pod's metric as the resource metrics API gave it (milli-units: millicores, millibytes). */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}
export type PodMetrics = Map<string, PodMetric>;

export interface Proposal {
  replicas: number;
  /** Percent of requests (Utilization targets). */
  utilization?: number;
  /** The average per pod, milli-units. */
  rawAverage: number;
  timestamp: number;
}

/** A metric the calculator cannot use: the message becomes the HPA's condition and event. */
export class MetricError extends Error {}

const withinTolerance = (ratio: number): boolean => Math.abs(1 - ratio) <= TOLERANCE;

function readyCondition(pod: Pod): { status: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Upstream's groupPods: which pods count, which are unready (CPU only), missing metrics, or ignored. */
export function groupPods(pods: Pod[], metrics: PodMetrics, resource: string, now: number) {
  let ready = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of pods) {
    const name = String(pod.metadata?.name);
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const cond = readyCondition(pod);
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
      let isUnready: boolean;
      if (!cond || start === undefined) isUnready = true;
      else {
        const transition = cond.lastTransitionTime ? Date.parse(cond.lastTransitionTime) : 0;
        if (start + CPU_INITIALIZATION_PERIOD_MS > now) {
          // Within its initialization: unready, or no full window of usage since it became ready.
          isUnready = cond.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          // Later: ignored only if unready and never ready since it started.
          isUnready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > transition;
        }
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

/** Each pod's request of `resource` (milli-units), regular and sidecar containers; a container without one is an error. */
export function podRequests(pods: Pod[], resource: string, container?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
    let total = 0;
    for (const c of containers) {
      if (container && c.name !== container) continue;
      const q = c.resources?.requests?.[resource];
      if (q === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${String(pod.metadata?.name)}`);
      total += parseMilliValue(q);
    }
    out.set(String(pod.metadata?.name), total);
  }
  return out;
}

function utilizationRatio(metrics: PodMetrics, requests: Map<string, number>, target: number) {
  let used = 0;
  let requested = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    used += m.value;
    requested += r;
    n++;
  }
  if (requested === 0) throw new MetricError('no metrics returned matched known pods');
  const utilization = Math.trunc((used * 100) / requested);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(used / n) };
}

function averageRatio(metrics: PodMetrics, target: number): { ratio: number; utilization?: number; rawAverage: number } {
  let used = 0;
  for (const m of metrics.values()) used += m.value;
  const avg = used / metrics.size;
  return { ratio: avg / target, rawAverage: Math.trunc(avg) };
}

function latest(metrics: PodMetrics): number {
  let t = 0;
  for (const m of metrics.values()) t = Math.max(t, m.timestamp);
  return t;
}

/**
 * Upstream's GetResourceReplicas (target: percent of requests, `targetUtilization` set) and
 * GetRawResourceReplicas (target: average value in milli-units): the proposal from ready pods,
 * then, with unready or missing pods, again with those assumed at 0 (scaling up) or at the target
 * (scaling down, 100% for utilization), refusing a change that reverses direction.
 */
export function resourceReplicas(args: {
  currentReplicas: number;
  pods: Pod[];
  metrics: PodMetrics;
  resource: string;
  container?: string;
  targetUtilization?: number;
  targetAverage?: number;
  now: number;
}): Proposal {
  const { currentReplicas, pods, resource, now } = args;
  if (pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
  const metrics = new Map(args.metrics);
  const { ready, unready, missing, ignored } = groupPods(pods, metrics, resource, now);
  for (const name of [...ignored, ...unready]) metrics.delete(name);
  if (metrics.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const timestamp = latest(metrics);
  const utilizationMode = args.targetUtilization !== undefined;
  const requests = utilizationMode ? podRequests(pods, resource, args.container) : new Map<string, number>();
  const measure = (m: PodMetrics): { ratio: number; utilization?: number; rawAverage: number } => (utilizationMode ? utilizationRatio(m, requests, args.targetUtilization as number) : averageRatio(m, args.targetAverage as number));
  const first = measure(metrics);
  const result = (replicas: number): Proposal => ({ replicas, utilization: first.utilization, rawAverage: first.rawAverage, timestamp });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (withinTolerance(first.ratio)) return result(currentReplicas);
    return result(Math.ceil(first.ratio * ready));
  }
  if (missing.size > 0) {
    const fallback = utilizationMode ? undefined : (args.targetAverage as number);
    for (const name of missing) {
      if (first.ratio < 1) {
        const value = utilizationMode ? ((requests.get(name) ?? 0) * Math.max(100, args.targetUtilization as number)) / 100 : (fallback as number);
        metrics.set(name, { value, timestamp, windowMs: 0 });
      } else if (first.ratio > 1) metrics.set(name, { value: 0, timestamp, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, { value: 0, timestamp, windowMs: 0 });
  const again = measure(metrics);
  if (withinTolerance(again.ratio) || (first.ratio < 1 && again.ratio > 1) || (first.ratio > 1 && again.ratio < 1)) return result(currentReplicas);
  const replicas = Math.ceil(again.ratio * metrics.size);
  if ((again.ratio < 1 && replicas > currentReplicas) || (again.ratio > 1 && replicas < currentReplicas)) return result(currentReplicas);
  return result(replicas);
}
