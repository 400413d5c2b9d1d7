/** apps/v1 Deployment. */
import * as z from 'zod';
import { Int32, Int64, IntOrString, LabelSelector, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';
import { PodTemplateSpec } from '../core/pod';

export const RollingUpdateDeployment = z
  .strictObject({
    maxUnavailable: IntOrString.optional().describe(
      'Pods that may be unavailable during the update, a count or percentage; defaults to 25%.',
    ),
    maxSurge: IntOrString.optional().describe(
      'Pods that may exist above the desired count, a count or percentage; defaults to 25%.',
    ),
  })
  .describe('Limits of a rolling update.');
export type RollingUpdateDeployment = z.infer<typeof RollingUpdateDeployment>;

export const DeploymentStrategy = z
  .strictObject({
    type: z.string().optional().describe('RollingUpdate (default) or Recreate.'),
    rollingUpdate: RollingUpdateDeployment.optional().describe('Parameters for type RollingUpdate.'),
  })
  .describe('How old pods are replaced by new ones.');
export type DeploymentStrategy = z.infer<typeof DeploymentStrategy>;

export const DeploymentSpec = z
  .strictObject({
    replicas: Int32.optional().describe('Desired number of pods; defaults to 1.'),
    selector: LabelSelector.describe('Selects the pods the deployment manages; must match the template labels.'),
    template: PodTemplateSpec.describe('Template of the pods to create.'),
    strategy: DeploymentStrategy.meta({ 'x-kubernetes-patch-strategy': 'retainKeys' })
      .optional()
      .describe('How pods are replaced on update.'),
    minReadySeconds: Int32.optional().describe('Seconds a new pod must be ready before it counts as available.'),
    revisionHistoryLimit: Int32.optional().describe('Old ReplicaSets kept for rollback; defaults to 10.'),
    paused: z.boolean().optional().describe('When true, template changes do not roll out.'),
    progressDeadlineSeconds: Int32.optional().describe(
      'Seconds without progress before the rollout is reported as failed; defaults to 600.',
    ),
  })
  .describe('Desired state of a deployment.');
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

export const DeploymentCondition = z
  .strictObject({
    type: z.string().describe('Available, Progressing or ReplicaFailure.'),
    status: z.string().describe('True, False or Unknown.'),
    lastUpdateTime: Time.optional().describe('When the condition was last updated.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason, e.g. NewReplicaSetAvailable.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('One aspect of a deployment\'s state.');
export type DeploymentCondition = z.infer<typeof DeploymentCondition>;

export const DeploymentStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation the controller last acted on.'),
    replicas: Int32.optional().describe('Non-terminating pods targeted by the deployment.'),
    updatedReplicas: Int32.optional().describe('Non-terminating pods running the current template.'),
    readyReplicas: Int32.optional().describe('Pods with a Ready condition.'),
    availableReplicas: Int32.optional().describe('Pods ready for at least minReadySeconds.'),
    unavailableReplicas: Int32.optional().describe('Pods still needed to reach the desired count of available pods.'),
    terminatingReplicas: Int32.optional().describe('Pods that are terminating (alpha, feature-gated).'),
    conditions: listMap(DeploymentCondition, ['type']).optional().describe('Current conditions.'),
    collisionCount: Int32.optional().describe('Hash collision counter used to name new ReplicaSets.'),
  })
  .describe('Observed state of a deployment.');
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

export const Deployment = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: DeploymentSpec.optional().describe('Desired state.'),
    status: DeploymentStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Declarative updates for pods through ReplicaSets.', ...gvk('apps', 'v1', 'Deployment') });
export type Deployment = z.infer<typeof Deployment>;
