/** apps/v1 StatefulSet. */
import * as z from 'zod';
import { Int32, Int64, IntOrString, LabelSelector, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';
import { PodTemplateSpec } from '../core/pod';
import { PersistentVolumeClaim } from '../core/persistentvolume';

export const RollingUpdateStatefulSetStrategy = z
  .strictObject({
    partition: Int32.optional().describe('Ordinals at or above this are updated; lower ones keep their revision (default 0).'),
    maxUnavailable: IntOrString.optional().describe('Most pods that may be unavailable during the update (default 1).'),
  })
  .describe('Rolling update parameters of a StatefulSet.');

export const StatefulSetUpdateStrategy = z
  .strictObject({
    type: z.string().optional().describe('RollingUpdate (default) or OnDelete.'),
    rollingUpdate: RollingUpdateStatefulSetStrategy.optional().describe('Rolling update parameters.'),
  })
  .describe('How a StatefulSet replaces its pods when the template changes.');

export const StatefulSetPersistentVolumeClaimRetentionPolicy = z
  .strictObject({
    whenDeleted: z.string().optional().describe('Retain (default) or Delete the claims when the StatefulSet is deleted.'),
    whenScaled: z.string().optional().describe('Retain (default) or Delete the claims of pods removed by a scale down.'),
  })
  .describe('What happens to claims from volumeClaimTemplates.');

export const StatefulSetOrdinals = z
  .strictObject({ start: Int32.optional().describe('The first replica index (default 0).') })
  .describe('The numbering of replica indices.');

export const StatefulSetSpec = z
  .strictObject({
    replicas: Int32.optional().describe('Desired number of pods (default 1).'),
    selector: LabelSelector.describe('Selects the pods; must match the template labels.'),
    template: PodTemplateSpec.describe('Template of every pod; each gets its stable identity.'),
    volumeClaimTemplates: z.array(PersistentVolumeClaim).optional().describe('Claims each pod gets, named <template>-<pod>.'),
    serviceName: z.string().optional().describe('The headless Service that gives the pods their DNS names.'),
    podManagementPolicy: z.string().optional().describe('OrderedReady (default) or Parallel.'),
    updateStrategy: StatefulSetUpdateStrategy.optional().describe('How pods are replaced on template changes.'),
    revisionHistoryLimit: Int32.optional().describe('Old ControllerRevisions kept for rollback (default 10).'),
    minReadySeconds: Int32.optional().describe('Seconds a new pod must be ready before it counts as available.'),
    persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicy.optional().describe('Lifecycle of the claims.'),
    ordinals: StatefulSetOrdinals.optional().describe('The numbering of replica indices.'),
  })
  .describe('Desired state of a StatefulSet.');
export type StatefulSetSpec = z.infer<typeof StatefulSetSpec>;

export const StatefulSetCondition = z
  .strictObject({
    type: z.string().describe('Condition type.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe("One aspect of a StatefulSet's state.");

export const StatefulSetStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation the controller last acted on.'),
    replicas: Int32.describe('Pods created by the controller.'),
    readyReplicas: Int32.optional().describe('Pods with a Ready condition.'),
    currentReplicas: Int32.optional().describe('Pods at currentRevision.'),
    updatedReplicas: Int32.optional().describe('Pods at updateRevision.'),
    currentRevision: z.string().optional().describe('Revision of the pods below the partition / not yet updated.'),
    updateRevision: z.string().optional().describe('Revision the update moves the pods to.'),
    collisionCount: Int32.optional().describe('Hash collisions seen when naming ControllerRevisions.'),
    conditions: listMap(StatefulSetCondition, ['type']).optional().describe('Current conditions.'),
    availableReplicas: Int32.optional().describe('Pods ready for at least minReadySeconds.'),
  })
  .describe('Observed state of a StatefulSet.');
export type StatefulSetStatus = z.infer<typeof StatefulSetStatus>;

export const StatefulSet = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: StatefulSetSpec.optional().describe('Desired state.'),
    status: StatefulSetStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Pods with stable identities and storage.', ...gvk('apps', 'v1', 'StatefulSet') });
export type StatefulSet = z.infer<typeof StatefulSet>;
