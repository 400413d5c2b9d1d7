/** core/v1 Namespace. */
import * as z from 'zod';
import { ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';

export const NamespaceSpec = z
  .strictObject({
    finalizers: z.array(z.string()).optional().describe('Must all be cleared before the namespace is removed.'),
  })
  .describe('Desired state of a namespace.');
export type NamespaceSpec = z.infer<typeof NamespaceSpec>;

export const NamespaceCondition = z
  .strictObject({
    type: z.string().describe('Condition type, e.g. NamespaceDeletionContentFailure.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail about the last transition.'),
  })
  .describe('One aspect of a namespace\'s state.');
export type NamespaceCondition = z.infer<typeof NamespaceCondition>;

export const NamespaceStatus = z
  .strictObject({
    phase: z.string().optional().describe('Active or Terminating.'),
    conditions: listMap(NamespaceCondition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of a namespace.');
export type NamespaceStatus = z.infer<typeof NamespaceStatus>;

export const Namespace = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: NamespaceSpec.optional().describe('Desired state.'),
    status: NamespaceStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'A scope for names; most objects live in one.', ...gvk('', 'v1', 'Namespace') });
export type Namespace = z.infer<typeof Namespace>;
