/** metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics (the resource metrics API, read-only). */
import * as z from 'zod';
import { ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { QuantityMap } from '../scalars';

const window = z.string().describe('The interval the usage was measured over, e.g. 15s.');

export const ContainerMetrics = z
  .strictObject({
    name: z.string().describe('Container name.'),
    usage: QuantityMap.describe('Resource usage: cpu (cores) and memory (bytes).'),
  })
  .describe('Resource usage of one container.');
export type ContainerMetrics = z.infer<typeof ContainerMetrics>;

export const PodMetrics = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Metadata of the measured pod.'),
    timestamp: Time.describe('When the usage was measured (the end of the window).'),
    window,
    containers: z.array(ContainerMetrics).describe('Usage of each running container.'),
  })
  .meta({ description: 'Resource usage of a pod.', ...gvk('metrics.k8s.io', 'v1beta1', 'PodMetrics') });
export type PodMetrics = z.infer<typeof PodMetrics>;

export const NodeMetrics = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Metadata of the measured node.'),
    timestamp: Time.describe('When the usage was measured (the end of the window).'),
    window,
    usage: QuantityMap.describe('Resource usage of the node: cpu (cores) and memory (bytes).'),
  })
  .meta({ description: 'Resource usage of a node.', ...gvk('metrics.k8s.io', 'v1beta1', 'NodeMetrics') });
export type NodeMetrics = z.infer<typeof NodeMetrics>;
