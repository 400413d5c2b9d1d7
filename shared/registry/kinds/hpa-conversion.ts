import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerV1, MetricSpec } from '../../api/types';
import type { KubeObject } from '../resource';

/** Where autoscaling/v1 keeps what only v2 can say, as upstream's conversion does. */
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';

const isCpuUtilization = (m: MetricSpec): boolean => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target.type === 'Utilization';

/** v2 (stored) -> v1: the CPU utilization target and current value; conditions and behavior in annotations. */
export function hpaToV1(obj: KubeObject): KubeObject {
  const hpa = obj as HorizontalPodAutoscaler;
  const spec = hpa.spec;
  const cpu = spec?.metrics?.find(isCpuUtilization);
  const annotations: Record<string, string> = { ...(hpa.metadata?.annotations ?? {}) };
  if (hpa.status?.conditions?.length) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(hpa.status.conditions);
  if (spec?.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  const current = hpa.status?.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
  const v1: HorizontalPodAutoscalerV1 = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...hpa.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
    ...(spec
      ? {
          spec: {
            scaleTargetRef: spec.scaleTargetRef,
            ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
            maxReplicas: spec.maxReplicas,
            ...(cpu?.resource?.target.averageUtilization !== undefined ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
          },
        }
      : {}),
    ...(hpa.status
      ? {
          status: {
            ...(hpa.status.observedGeneration !== undefined ? { observedGeneration: hpa.status.observedGeneration } : {}),
            ...(hpa.status.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
            currentReplicas: hpa.status.currentReplicas ?? 0,
            desiredReplicas: hpa.status.desiredReplicas,
            ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}),
          },
        }
      : {}),
  };
  return v1 as KubeObject;
}

function parsed<T>(raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/**
 * v1 -> v2: targetCPUUtilizationPercentage as a CPU Resource metric (none: v2's default, 80%),
 * the annotations read back into behavior and conditions and dropped. `stored` is the object as
 * stored, whose metrics other than the CPU target a v1 client cannot see and so keeps.
 */
export function hpaFromV1(body: unknown, stored?: KubeObject): KubeObject {
  const v1 = (body ?? {}) as HorizontalPodAutoscalerV1 & { metadata?: { annotations?: Record<string, string> } };
  const annotations = { ...(v1.metadata?.annotations ?? {}) };
  const behavior = parsed<HorizontalPodAutoscalerBehavior>(annotations[BEHAVIOR_ANNOTATION]);
  const conditions = parsed<HorizontalPodAutoscalerCondition[]>(annotations[CONDITIONS_ANNOTATION]);
  delete annotations[BEHAVIOR_ANNOTATION];
  delete annotations[CONDITIONS_ANNOTATION];
  const metadata = { ...(v1.metadata ?? {}) } as Record<string, unknown>;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const others = ((stored as HorizontalPodAutoscaler | undefined)?.spec?.metrics ?? []).filter((m) => !isCpuUtilization(m));
  const target = v1.spec?.targetCPUUtilizationPercentage;
  const metrics: MetricSpec[] = [...(target !== undefined ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }] : []), ...others];
  const out: Record<string, unknown> = { ...v1, apiVersion: 'autoscaling/v2', metadata };
  if (v1.spec) {
    const { targetCPUUtilizationPercentage: _t, ...rest } = v1.spec;
    out.spec = { ...rest, ...(metrics.length ? { metrics } : {}), ...(behavior ? { behavior } : {}) };
  }
  if (v1.status) {
    const { currentCPUUtilizationPercentage: cur, ...rest } = v1.status;
    const storedStatus = (stored as HorizontalPodAutoscaler | undefined)?.status;
    out.status = {
      ...rest,
      ...(cur !== undefined ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }] } : storedStatus?.currentMetrics ? { currentMetrics: storedStatus.currentMetrics } : {}),
      ...(conditions ? { conditions } : storedStatus?.conditions ? { conditions: storedStatus.conditions } : {}),
    };
  }
  return out as KubeObject;
}
