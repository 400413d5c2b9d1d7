/** core/v1 PersistentVolumeClaim and PersistentVolume. */
import * as z from 'zod';
import { ObjectMeta, QuantityMap, StringMap, Time, gvk, listMap, typeMeta } from '../meta';
import { ObjectReference } from './common';
import { NodeSelector } from './affinity';
import { AWSElasticBlockStoreVolumeSource } from './volume-legacy';
import { HostPathVolumeSource, NFSVolumeSource, PersistentVolumeClaimSpec } from './volume-sources';

export const PersistentVolumeClaimCondition = z
  .strictObject({
    type: z.string().describe('Condition type, e.g. Resizing.'),
    status: z.string().describe('True, False or Unknown.'),
    lastProbeTime: Time.optional().describe('When the condition was last probed.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe("One aspect of a claim's state.");

export const PersistentVolumeClaimStatus = z
  .strictObject({
    phase: z.string().optional().describe('Pending, Bound or Lost.'),
    accessModes: z.array(z.string()).optional().describe('Access modes of the bound volume.'),
    capacity: QuantityMap.optional().describe('Capacity of the bound volume.'),
    conditions: listMap(PersistentVolumeClaimCondition, ['type']).optional().describe('Current conditions.'),
    allocatedResources: QuantityMap.optional().describe('Storage allocated to the claim.'),
    allocatedResourceStatuses: StringMap.optional().describe('State of resizes per resource.'),
    currentVolumeAttributesClassName: z.string().optional().describe('VolumeAttributesClass in effect.'),
  })
  .describe('Observed state of a claim.');

export const PersistentVolumeClaim = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: PersistentVolumeClaimSpec.optional().describe('Desired storage.'),
    status: PersistentVolumeClaimStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: "A user's request for storage, bound to one PersistentVolume.", ...gvk('', 'v1', 'PersistentVolumeClaim') });
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaim>;

const SecretReference = z
  .strictObject({ name: z.string().optional().describe('Secret name.'), namespace: z.string().optional().describe('Secret namespace.') })
  .describe('A Secret in any namespace.');

export const CSIPersistentVolumeSource = z
  .strictObject({
    driver: z.string().describe('Name of the CSI driver.'),
    volumeHandle: z.string().describe('The volume as the driver names it.'),
    readOnly: z.boolean().optional().describe('Mount read-only.'),
    fsType: z.string().optional().describe('Filesystem type.'),
    volumeAttributes: StringMap.optional().describe('Driver-specific properties.'),
    controllerPublishSecretRef: SecretReference.optional().describe('Secret for ControllerPublishVolume.'),
    nodeStageSecretRef: SecretReference.optional().describe('Secret for NodeStageVolume.'),
    nodePublishSecretRef: SecretReference.optional().describe('Secret for NodePublishVolume.'),
    controllerExpandSecretRef: SecretReference.optional().describe('Secret for ControllerExpandVolume.'),
    nodeExpandSecretRef: SecretReference.optional().describe('Secret for NodeExpandVolume.'),
  })
  .describe('A volume managed by a CSI driver.');

export const LocalVolumeSource = z
  .strictObject({ path: z.string().describe('Path on the node.'), fsType: z.string().optional().describe('Filesystem type.') })
  .describe('A local disk or directory of one node.');

export const VolumeNodeAffinity = z.strictObject({ required: NodeSelector.optional().describe('Nodes the volume can be used from.') }).describe('Where a volume is reachable.');

export const PersistentVolumeSpec = z
  .strictObject({
    capacity: QuantityMap.optional().describe('Size of the volume, e.g. storage: 1Gi.'),
    accessModes: z.array(z.string()).optional().describe('How the volume may be mounted.'),
    claimRef: ObjectReference.optional().describe('The claim bound to this volume.'),
    persistentVolumeReclaimPolicy: z.string().optional().describe('Retain, Delete or Recycle once the claim is gone.'),
    storageClassName: z.string().optional().describe('StorageClass the volume belongs to.'),
    mountOptions: z.array(z.string()).optional().describe('Mount options.'),
    volumeMode: z.string().optional().describe('Filesystem (default) or Block.'),
    nodeAffinity: VolumeNodeAffinity.optional().describe('Nodes the volume can be used from.'),
    volumeAttributesClassName: z.string().optional().describe('VolumeAttributesClass of the volume.'),
    hostPath: HostPathVolumeSource.optional().describe('A directory on the host.'),
    local: LocalVolumeSource.optional().describe('A local disk of one node.'),
    nfs: NFSVolumeSource.optional().describe('An NFS export.'),
    csi: CSIPersistentVolumeSource.optional().describe('A CSI volume (EFS access points on AWS; the simulated driver locally).'),
    awsElasticBlockStore: AWSElasticBlockStoreVolumeSource.optional().describe('An EBS volume.'),
  })
  .describe('A piece of storage in the cluster.');

export const PersistentVolumeStatus = z
  .strictObject({
    phase: z.string().optional().describe('Pending, Available, Bound, Released or Failed.'),
    message: z.string().optional().describe('Why the volume is in this phase.'),
    reason: z.string().optional().describe('CamelCase reason for the phase.'),
    lastPhaseTransitionTime: Time.optional().describe('When the phase last changed.'),
  })
  .describe('Observed state of a volume.');

export const PersistentVolume = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: PersistentVolumeSpec.optional().describe('The volume.'),
    status: PersistentVolumeStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'A piece of storage, provisioned by an administrator or a StorageClass.', ...gvk('', 'v1', 'PersistentVolume') });
export type PersistentVolume = z.infer<typeof PersistentVolume>;
