/** apps/v1 ReplicaSet. */
import * as z from 'zod';
import { Int32, Int64, LabelSelector, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';
import { PodTemplateSpec } from '../core/pod';

export const ReplicaSetSpec = z
  .strictObject({
    replicas: Int32.optional().describe('Desired number of pods; defaults to 1.'),
    minReadySeconds: Int32.optional().describe('Seconds a new pod must be ready before it counts as available.'),
    selector: LabelSelector.describe('Selects the pods counted; must match the template labels.'),
    template: PodTemplateSpec.optional().describe('Template of the pods to create when too few exist.'),
  })
  .describe('Desired state of a ReplicaSet.');
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpec>;

export const ReplicaSetCondition = z
  .strictObject({
    type: z.string().describe('Condition type, e.g. ReplicaFailure.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('One aspect of a ReplicaSet\'s state.');
export type ReplicaSetCondition = z.infer<typeof ReplicaSetCondition>;

export const ReplicaSetStatus = z
  .strictObject({
    replicas: Int32.describe('Non-terminating pods currently selected.'),
    fullyLabeledReplicas: Int32.optional().describe('Pods whose labels match the template labels.'),
    readyReplicas: Int32.optional().describe('Pods with a Ready condition.'),
    availableReplicas: Int32.optional().describe('Pods ready for at least minReadySeconds.'),
    terminatingReplicas: Int32.optional().describe('Pods that are terminating (alpha, feature-gated).'),
    observedGeneration: Int64.optional().describe('Generation the controller last acted on.'),
    conditions: listMap(ReplicaSetCondition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of a ReplicaSet.');
export type ReplicaSetStatus = z.infer<typeof ReplicaSetStatus>;

export const ReplicaSet = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ReplicaSetSpec.optional().describe('Desired state.'),
    status: ReplicaSetStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Keeps a stable number of identical pods running.', ...gvk('apps', 'v1', 'ReplicaSet') });
export type ReplicaSet = z.infer<typeof ReplicaSet>;
