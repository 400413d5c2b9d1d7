/** autoscaling/v2 HorizontalPodAutoscaler (the stored version; autoscaling/v1 is a view of it). */
import * as z from 'zod';
import { Int32, Int64, ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { listMap, Quantity } from '../scalars';
import { CrossVersionObjectReference, MetricSpec, MetricStatus } from './hpa-metrics';

export const HPAScalingPolicy = z
  .strictObject({
    type: z.string().describe('Pods or Percent.'),
    value: Int32.describe('The change allowed in one period: a pod count or a percentage of the current replicas.'),
    periodSeconds: Int32.describe('The window the change is measured over (1 to 1800 s).'),
  })
  .describe('One rule of how fast the replica count may change.');
export type HPAScalingPolicy = z.infer<typeof HPAScalingPolicy>;

export const HPAScalingRules = z
  .strictObject({
    stabilizationWindowSeconds: Int32.optional().describe('Past recommendations considered while scaling (0 to 3600 s).'),
    selectPolicy: z.string().optional().describe('Max (default), Min or Disabled: which policy applies.'),
    policies: z.array(HPAScalingPolicy).optional().describe('Policies that bound a scaling step.'),
    tolerance: Quantity.optional().describe('Alpha (HPAConfigurableTolerance): the tolerance on the usage ratio; not honoured, 0.1 applies.'),
  })
  .describe('How one direction of scaling behaves.');
export type HPAScalingRules = z.infer<typeof HPAScalingRules>;

export const HorizontalPodAutoscalerBehavior = z
  .strictObject({
    scaleUp: HPAScalingRules.optional().describe('Rules for scaling up.'),
    scaleDown: HPAScalingRules.optional().describe('Rules for scaling down.'),
  })
  .describe('Scaling behaviour in each direction.');
export type HorizontalPodAutoscalerBehavior = z.infer<typeof HorizontalPodAutoscalerBehavior>;

export const HorizontalPodAutoscalerSpec = z
  .strictObject({
    scaleTargetRef: CrossVersionObjectReference.describe('The scaled resource (its scale subresource).'),
    minReplicas: Int32.optional().describe('Lower limit of the replica count; defaults to 1.'),
    maxReplicas: Int32.describe('Upper limit of the replica count.'),
    metrics: z.array(MetricSpec).optional().describe('Metrics the desired replica count is computed from; the highest proposal wins.'),
    behavior: HorizontalPodAutoscalerBehavior.optional().describe('Scaling behaviour; upstream defaults when unset.'),
  })
  .describe('Desired behaviour of an autoscaler.');
export type HorizontalPodAutoscalerSpec = z.infer<typeof HorizontalPodAutoscalerSpec>;

export const HorizontalPodAutoscalerCondition = z
  .strictObject({
    type: z.string().describe('AbleToScale, ScalingActive or ScalingLimited.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('Why the condition last changed.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('One aspect of an autoscaler\'s state.');
export type HorizontalPodAutoscalerCondition = z.infer<typeof HorizontalPodAutoscalerCondition>;

export const HorizontalPodAutoscalerStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation this status reflects.'),
    lastScaleTime: Time.optional().describe('When the autoscaler last changed the replica count.'),
    currentReplicas: Int32.optional().describe('Replicas of the target as last seen.'),
    desiredReplicas: Int32.describe('Replicas wanted as last computed.'),
    currentMetrics: z.array(MetricStatus).optional().describe('Last read values of the metrics.'),
    conditions: listMap(HorizontalPodAutoscalerCondition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of an autoscaler.');
export type HorizontalPodAutoscalerStatus = z.infer<typeof HorizontalPodAutoscalerStatus>;

export const HorizontalPodAutoscaler = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: HorizontalPodAutoscalerSpec.optional().describe('Desired behaviour.'),
    status: HorizontalPodAutoscalerStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({
    description: 'Scales a workload\'s replica count to keep its metrics at their targets.',
    ...gvk('autoscaling', 'v2', 'HorizontalPodAutoscaler'),
  });
export type HorizontalPodAutoscaler = z.infer<typeof HorizontalPodAutoscaler>;
