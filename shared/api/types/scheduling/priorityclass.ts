/** scheduling.k8s.io/v1 PriorityClass. */
import * as z from 'zod';
import { Int32, ObjectMeta, gvk, typeMeta } from '../meta';

export const PriorityClass = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    value: Int32.describe('The priority pods of this class get; user classes up to 1000000000.'),
    globalDefault: z.boolean().optional().describe('Whether pods without a priorityClassName get this class; at most one.'),
    description: z.string().optional().describe('When to use this class.'),
    preemptionPolicy: z.string().optional().describe('PreemptLowerPriority (default) or Never.'),
  })
  .meta({ description: 'Maps a priority class name to the integer priority of its pods.', ...gvk('scheduling.k8s.io', 'v1', 'PriorityClass') });
export type PriorityClass = z.infer<typeof PriorityClass>;
