/** autoscaling/v1 Scale: the body of the scale subresource (`kubectl scale`). */
import * as z from 'zod';
import { Int32, ObjectMeta, gvk, typeMeta } from '../meta';

export const ScaleSpec = z
  .strictObject({
    replicas: Int32.optional().describe('Replica count wanted.'),
  })
  .describe('Desired scale.');
export type ScaleSpec = z.infer<typeof ScaleSpec>;

export const ScaleStatus = z
  .strictObject({
    replicas: Int32.describe('Observed number of instances.'),
    selector: z.string().optional().describe('Label selector of the counted pods, in string form.'),
  })
  .describe('Observed scale.');
export type ScaleStatus = z.infer<typeof ScaleStatus>;

export const Scale = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Metadata of the scaled object.'),
    spec: ScaleSpec.optional().describe('Desired scale.'),
    status: ScaleStatus.optional().describe('Observed scale. Read-only.'),
  })
  .meta({
    description: 'Replica count of a scalable resource, desired and observed.',
    ...gvk('autoscaling', 'v1', 'Scale'),
  });
export type Scale = z.infer<typeof Scale>;
