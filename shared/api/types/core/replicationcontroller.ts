/** core/v1 ReplicationController and PodTemplate. */
import * as z from 'zod';
import { Int32, Int64, ObjectMeta, StringMap, Time, gvk, listMap, typeMeta } from '../meta';
import { PodTemplateSpec } from './pod';

export const ReplicationControllerSpec = z
  .strictObject({
    replicas: Int32.optional().describe('Desired number of pods (default 1).'),
    minReadySeconds: Int32.optional().describe('Seconds a new pod must be ready before it counts as available.'),
    selector: StringMap.optional().describe('Equality-based label query over pods; defaults to the template labels.'),
    template: PodTemplateSpec.optional().describe('Template of the pods to create when too few exist.'),
  })
  .describe('Desired state of a ReplicationController.');

export const ReplicationControllerCondition = z
  .strictObject({
    type: z.string().describe('Condition type, e.g. ReplicaFailure.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe("One aspect of a ReplicationController's state.");

export const ReplicationControllerStatus = z
  .strictObject({
    replicas: Int32.describe('Pods currently selected.'),
    fullyLabeledReplicas: Int32.optional().describe('Pods whose labels match the template labels.'),
    readyReplicas: Int32.optional().describe('Ready pods.'),
    availableReplicas: Int32.optional().describe('Pods ready for at least minReadySeconds.'),
    observedGeneration: Int64.optional().describe('Generation the controller last acted on.'),
    conditions: listMap(ReplicationControllerCondition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of a ReplicationController.');

export const ReplicationController = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ReplicationControllerSpec.optional().describe('Desired state.'),
    status: ReplicationControllerStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Keeps a number of pod replicas running (the ReplicaSet\'s predecessor).', ...gvk('', 'v1', 'ReplicationController') });
export type ReplicationController = z.infer<typeof ReplicationController>;

export const PodTemplate = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    template: PodTemplateSpec.optional().describe('The pod template.'),
  })
  .meta({ description: 'A stored pod template.', ...gvk('', 'v1', 'PodTemplate') });
export type PodTemplate = z.infer<typeof PodTemplate>;
