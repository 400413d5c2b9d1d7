/** autoscaling/v2 metric sources, targets and statuses of a HorizontalPodAutoscaler. */
import * as z from 'zod';
import { Int32, LabelSelector } from '../meta';
import { Quantity } from '../scalars';

export const CrossVersionObjectReference = z
  .strictObject({
    kind: z.string().describe('Kind of the referent, e.g. Deployment.'),
    name: z.string().describe('Name of the referent.'),
    apiVersion: z.string().optional().describe('API version of the referent, e.g. apps/v1.'),
  })
  .describe('Names an object of any version, e.g. the scale target of an autoscaler.');
export type CrossVersionObjectReference = z.infer<typeof CrossVersionObjectReference>;

export const MetricTarget = z
  .strictObject({
    type: z.string().describe('Utilization, Value or AverageValue.'),
    value: Quantity.optional().describe('Target value of the metric.'),
    averageValue: Quantity.optional().describe('Target value of the metric averaged over all pods.'),
    averageUtilization: Int32.optional().describe('Target average of the resource across pods, in percent of their requests.'),
  })
  .describe('Target value, average value or average utilization of a metric.');
export type MetricTarget = z.infer<typeof MetricTarget>;

export const MetricValueStatus = z
  .strictObject({
    value: Quantity.optional().describe('Current value of the metric.'),
    averageValue: Quantity.optional().describe('Current value averaged over all pods.'),
    averageUtilization: Int32.optional().describe('Current average of the resource across pods, in percent of their requests.'),
  })
  .describe('Current value of a metric.');
export type MetricValueStatus = z.infer<typeof MetricValueStatus>;

export const MetricIdentifier = z
  .strictObject({
    name: z.string().describe('Name of the metric.'),
    selector: LabelSelector.optional().describe('Narrows the metric to series with these labels.'),
  })
  .describe('Names a metric and its label selector.');

export const ResourceMetricSource = z
  .strictObject({ name: z.string().describe('Resource name: cpu or memory.'), target: MetricTarget.describe('Target for the resource.') })
  .describe('A resource metric (cpu, memory) of the pods, as the resource metrics API reports it.');
export type ResourceMetricSource = z.infer<typeof ResourceMetricSource>;

export const ContainerResourceMetricSource = z
  .strictObject({
    name: z.string().describe('Resource name: cpu or memory.'),
    target: MetricTarget.describe('Target for the resource.'),
    container: z.string().describe('Container whose usage counts.'),
  })
  .describe('A resource metric of one container of each pod.');

const objectLike = {
  describedObject: CrossVersionObjectReference.describe('The object the metric describes.'),
  target: MetricTarget.describe('Target of the metric.'),
  metric: MetricIdentifier.describe('The metric.'),
};
export const ObjectMetricSource = z.strictObject(objectLike).describe('A metric describing a single object.');
export const PodsMetricSource = z
  .strictObject({ metric: MetricIdentifier.describe('The metric.'), target: MetricTarget.describe('Target of the metric.') })
  .describe('A metric of each pod, averaged.');
export const ExternalMetricSource = z
  .strictObject({ metric: MetricIdentifier.describe('The metric.'), target: MetricTarget.describe('Target of the metric.') })
  .describe('A metric not associated with any Kubernetes object.');

export const MetricSpec = z
  .strictObject({
    type: z.string().describe('ContainerResource, External, Object, Pods or Resource.'),
    object: ObjectMetricSource.optional().describe('An Object metric.'),
    pods: PodsMetricSource.optional().describe('A Pods metric.'),
    resource: ResourceMetricSource.optional().describe('A Resource metric.'),
    containerResource: ContainerResourceMetricSource.optional().describe('A ContainerResource metric.'),
    external: ExternalMetricSource.optional().describe('An External metric.'),
  })
  .describe('One metric to scale on, and its target.');
export type MetricSpec = z.infer<typeof MetricSpec>;

const current = MetricValueStatus.describe('Current value of the metric.');
export const ResourceMetricStatus = z.strictObject({ name: z.string().describe('Resource name.'), current }).describe('Current value of a resource metric.');
export const MetricStatus = z
  .strictObject({
    type: z.string().describe('ContainerResource, External, Object, Pods or Resource.'),
    object: z.strictObject({ metric: MetricIdentifier, current, describedObject: CrossVersionObjectReference }).optional().describe('An Object metric.'),
    pods: z.strictObject({ metric: MetricIdentifier, current }).optional().describe('A Pods metric.'),
    resource: ResourceMetricStatus.optional().describe('A Resource metric.'),
    containerResource: z.strictObject({ name: z.string(), current, container: z.string() }).optional().describe('A ContainerResource metric.'),
    external: z.strictObject({ metric: MetricIdentifier, current }).optional().describe('An External metric.'),
  })
  .describe('The last read value of one metric.');
export type MetricStatus = z.infer<typeof MetricStatus>;
