/** apps/v1 DaemonSet and ControllerRevision. */
import * as z from 'zod';
import { Int32, Int64, IntOrString, LabelSelector, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';
import { PodTemplateSpec } from '../core/pod';

export const RollingUpdateDaemonSet = z
  .strictObject({
    maxUnavailable: IntOrString.optional().describe('Most nodes whose daemon pod may be unavailable during an update (default 1).'),
    maxSurge: IntOrString.optional().describe('Most nodes that may run an extra, updated pod during an update (default 0).'),
  })
  .describe('Rolling update parameters of a DaemonSet.');

export const DaemonSetUpdateStrategy = z
  .strictObject({
    type: z.string().optional().describe('RollingUpdate (default) or OnDelete.'),
    rollingUpdate: RollingUpdateDaemonSet.optional().describe('Rolling update parameters.'),
  })
  .describe('How a DaemonSet replaces its pods when the template changes.');

export const DaemonSetSpec = z
  .strictObject({
    selector: LabelSelector.describe('Selects the daemon pods; must match the template labels.'),
    template: PodTemplateSpec.describe('Template of the pod run on each eligible node.'),
    updateStrategy: DaemonSetUpdateStrategy.optional().describe('How pods are replaced on template changes.'),
    minReadySeconds: Int32.optional().describe('Seconds a new pod must be ready before it counts as available.'),
    revisionHistoryLimit: Int32.optional().describe('Old ControllerRevisions kept for rollback (default 10).'),
  })
  .describe('Desired state of a DaemonSet.');
export type DaemonSetSpec = z.infer<typeof DaemonSetSpec>;

export const DaemonSetCondition = z
  .strictObject({
    type: z.string().describe('Condition type.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe("One aspect of a DaemonSet's state.");

export const DaemonSetStatus = z
  .strictObject({
    currentNumberScheduled: Int32.describe('Nodes running at least one daemon pod that should.'),
    numberMisscheduled: Int32.describe('Nodes running a daemon pod that should not.'),
    desiredNumberScheduled: Int32.describe('Nodes that should run the daemon pod.'),
    numberReady: Int32.describe('Nodes whose daemon pod is ready.'),
    observedGeneration: Int64.optional().describe('Generation the controller last acted on.'),
    updatedNumberScheduled: Int32.optional().describe('Nodes running the updated daemon pod.'),
    numberAvailable: Int32.optional().describe('Nodes whose daemon pod is available.'),
    numberUnavailable: Int32.optional().describe('Nodes that should run an available daemon pod and do not.'),
    collisionCount: Int32.optional().describe('Hash collisions seen when naming ControllerRevisions.'),
    conditions: listMap(DaemonSetCondition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of a DaemonSet.');
export type DaemonSetStatus = z.infer<typeof DaemonSetStatus>;

export const DaemonSet = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: DaemonSetSpec.optional().describe('Desired state.'),
    status: DaemonSetStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Runs a copy of a pod on every eligible node.', ...gvk('apps', 'v1', 'DaemonSet') });
export type DaemonSet = z.infer<typeof DaemonSet>;

export const ControllerRevision = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    data: z.record(z.string(), z.unknown()).optional().describe('The state of the revision (a patch of its owner).'),
    revision: Int64.describe('Revision number, increasing per owner.'),
  })
  .meta({ description: 'An immutable snapshot of a workload\'s template, for rollback.', ...gvk('apps', 'v1', 'ControllerRevision') });
export type ControllerRevision = z.infer<typeof ControllerRevision>;
