/** autoscaling/v1 HorizontalPodAutoscaler: a CPU-only view of the stored autoscaling/v2 object. */
import * as z from 'zod';
import { Int32, Int64, ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { CrossVersionObjectReference } from './hpa-metrics';

export const HorizontalPodAutoscalerSpecV1 = z
  .strictObject({
    scaleTargetRef: CrossVersionObjectReference.describe('The scaled resource (its scale subresource).'),
    minReplicas: Int32.optional().describe('Lower limit of the replica count; defaults to 1.'),
    maxReplicas: Int32.describe('Upper limit of the replica count.'),
    targetCPUUtilizationPercentage: Int32.optional().describe('Target average CPU utilization, in percent of requests; defaults to 80.'),
  })
  .describe('Desired behaviour of an autoscaler.');

export const HorizontalPodAutoscalerStatusV1 = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation this status reflects.'),
    lastScaleTime: Time.optional().describe('When the autoscaler last changed the replica count.'),
    currentReplicas: Int32.describe('Replicas of the target as last seen.'),
    desiredReplicas: Int32.describe('Replicas wanted as last computed.'),
    currentCPUUtilizationPercentage: Int32.optional().describe('Current average CPU utilization, in percent of requests.'),
  })
  .describe('Observed state of an autoscaler.');

export const HorizontalPodAutoscalerV1 = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: HorizontalPodAutoscalerSpecV1.optional().describe('Desired behaviour.'),
    status: HorizontalPodAutoscalerStatusV1.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Scales a workload\'s replica count to keep its pods\' CPU utilization at a target.', ...gvk('autoscaling', 'v1', 'HorizontalPodAutoscaler') });
export type HorizontalPodAutoscalerV1 = z.infer<typeof HorizontalPodAutoscalerV1>;
