/** core/v1 Pod and PodTemplateSpec (the spec and status live in pod-spec.ts and pod-status.ts). */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';
import { PodSpec } from './pod-spec';
import { PodStatus } from './pod-status';

export const Pod = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: PodSpec.optional().describe('Desired state: containers, volumes, scheduling constraints.'),
    status: PodStatus.optional().describe('Observed state, written by the scheduler and the kubelet. Read-only.'),
  })
  .meta({ description: 'A group of containers scheduled together onto one node.', ...gvk('', 'v1', 'Pod') });
export type Pod = z.infer<typeof Pod>;

export const PodTemplateSpec = z
  .strictObject({
    metadata: ObjectMeta.optional().describe('Metadata (labels, annotations) of the pods created from the template.'),
    spec: PodSpec.optional().describe('Spec of the pods created from the template.'),
  })
  .describe('Template from which controllers create pods.');
export type PodTemplateSpec = z.infer<typeof PodTemplateSpec>;
