/** core/v1 volume sources in everyday use (the legacy in-tree drivers are in volume-legacy.ts). */
import * as z from 'zod';
import { Int32, LabelSelector, ObjectMeta, Quantity, QuantityMap, StringMap } from '../meta';
import {
  KeyToPath,
  LocalObjectReference,
  ObjectFieldSelector,
  ResourceFieldSelector,
  TypedLocalObjectReference,
  TypedObjectReference,
} from './common';

export const EmptyDirVolumeSource = z
  .strictObject({
    medium: z.string().optional().describe('Storage medium: empty for the node default, Memory for tmpfs.'),
    sizeLimit: Quantity.optional().describe('Most local storage the volume may use.'),
  })
  .describe('An empty directory that lives as long as the pod.');
export type EmptyDirVolumeSource = z.infer<typeof EmptyDirVolumeSource>;

export const HostPathVolumeSource = z
  .strictObject({
    path: z.string().describe('Path on the node; symlinks are followed.'),
    type: z
      .string()
      .optional()
      .describe(
        'Expected kind of path: "", DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice.',
      ),
  })
  .describe('A file or directory of the node; for privileged system workloads.');
export type HostPathVolumeSource = z.infer<typeof HostPathVolumeSource>;

export const ConfigMapVolumeSource = z
  .strictObject({
    name: z.string().optional().describe('Name of the ConfigMap.'),
    items: z.array(KeyToPath).optional().describe(
      'Keys to project; by default every key becomes a file named after it.',
    ),
    defaultMode: Int32.optional().describe('Permission bits of the created files; defaults to 0644.'),
    optional: z.boolean().optional().describe('When true, a missing ConfigMap or key is not an error.'),
  })
  .describe('Exposes ConfigMap keys as files.');
export type ConfigMapVolumeSource = z.infer<typeof ConfigMapVolumeSource>;

export const SecretVolumeSource = z
  .strictObject({
    secretName: z.string().optional().describe('Secret to use, from the pod\'s namespace.'),
    items: z.array(KeyToPath).optional().describe(
      'Keys to project; by default every key becomes a file named after it.',
    ),
    defaultMode: Int32.optional().describe('Permission bits of the created files; defaults to 0644.'),
    optional: z.boolean().optional().describe('When true, a missing Secret or key is not an error.'),
  })
  .describe('Exposes Secret keys as files.');
export type SecretVolumeSource = z.infer<typeof SecretVolumeSource>;

export const DownwardAPIVolumeFile = z
  .strictObject({
    path: z.string().describe('Relative path of the file to create.'),
    fieldRef: ObjectFieldSelector.optional().describe(
      'Pod field to write: metadata name, namespace, labels, annotations or uid.',
    ),
    resourceFieldRef: ResourceFieldSelector.optional().describe('Container resource limit or request to write.'),
    mode: Int32.optional().describe('Permission bits of this file; defaults to the volume mode.'),
  })
  .describe('One file holding pod information.');
export type DownwardAPIVolumeFile = z.infer<typeof DownwardAPIVolumeFile>;

export const DownwardAPIVolumeSource = z
  .strictObject({
    items: z.array(DownwardAPIVolumeFile).optional().describe('Files to create.'),
    defaultMode: Int32.optional().describe('Permission bits of the created files; defaults to 0644.'),
  })
  .describe('Exposes pod information as files.');
export type DownwardAPIVolumeSource = z.infer<typeof DownwardAPIVolumeSource>;

export const PersistentVolumeClaimVolumeSource = z
  .strictObject({
    claimName: z.string().describe('Name of a PersistentVolumeClaim in the pod\'s namespace.'),
    readOnly: z.boolean().optional().describe('Mount read-only.'),
  })
  .describe('Mounts the volume bound to a PersistentVolumeClaim.');
export type PersistentVolumeClaimVolumeSource = z.infer<typeof PersistentVolumeClaimVolumeSource>;

export const NFSVolumeSource = z
  .strictObject({
    server: z.string().describe('Hostname or IP of the NFS server.'),
    path: z.string().describe('Path exported by the server.'),
    readOnly: z.boolean().optional().describe('Mount read-only.'),
  })
  .describe('An NFS share.');
export type NFSVolumeSource = z.infer<typeof NFSVolumeSource>;

export const CSIVolumeSource = z
  .strictObject({
    driver: z.string().describe('Name of the CSI driver.'),
    readOnly: z.boolean().optional().describe('Mount read-only; defaults to read/write.'),
    fsType: z.string().optional().describe('Filesystem type, e.g. ext4; passed to the driver.'),
    volumeAttributes: StringMap.optional().describe('Driver-specific properties.'),
    nodePublishSecretRef: LocalObjectReference.optional().describe(
      'Secret with credentials for the driver\'s publish calls.',
    ),
  })
  .describe('An ephemeral volume provided by a CSI driver.');
export type CSIVolumeSource = z.infer<typeof CSIVolumeSource>;

export const ImageVolumeSource = z
  .strictObject({
    reference: z.string().optional().describe('OCI image or artifact reference to mount.'),
    pullPolicy: z.string().optional().describe('Always, Never or IfNotPresent for the referenced image.'),
  })
  .describe('Mounts the contents of an OCI image or artifact read-only.');
export type ImageVolumeSource = z.infer<typeof ImageVolumeSource>;

export const VolumeResourceRequirements = z
  .strictObject({
    limits: QuantityMap.optional().describe('Most storage the volume may use.'),
    requests: QuantityMap.optional().describe('Least storage the volume must provide.'),
  })
  .describe('Storage requested for a volume.');
export type VolumeResourceRequirements = z.infer<typeof VolumeResourceRequirements>;

export const PersistentVolumeClaimSpec = z
  .strictObject({
    accessModes: z.array(z.string()).optional().describe('Wanted access modes, e.g. ReadWriteOnce.'),
    selector: LabelSelector.optional().describe('Limits binding to volumes with these labels.'),
    resources: VolumeResourceRequirements.optional().describe('Minimum storage the volume should have.'),
    volumeName: z.string().optional().describe('Binds to this specific PersistentVolume.'),
    storageClassName: z.string().optional().describe('StorageClass to provision from.'),
    volumeMode: z.string().optional().describe('Filesystem (default) or Block.'),
    dataSource: TypedLocalObjectReference.optional().describe('Snapshot or claim to pre-populate the volume from.'),
    dataSourceRef: TypedObjectReference.optional().describe('Any populator object to fill the volume from.'),
    volumeAttributesClassName: z.string().optional().describe('VolumeAttributesClass the claim uses.'),
  })
  .describe('The storage a claim asks for.');
export type PersistentVolumeClaimSpec = z.infer<typeof PersistentVolumeClaimSpec>;

export const PersistentVolumeClaimTemplate = z
  .strictObject({
    metadata: ObjectMeta.optional().describe('Labels and annotations copied to the created claim.'),
    spec: PersistentVolumeClaimSpec.describe('Spec of the created claim.'),
  })
  .describe('Template of the PersistentVolumeClaim an ephemeral volume creates.');
export type PersistentVolumeClaimTemplate = z.infer<typeof PersistentVolumeClaimTemplate>;

export const EphemeralVolumeSource = z
  .strictObject({
    volumeClaimTemplate: PersistentVolumeClaimTemplate.optional().describe(
      'Claim created for the pod (named <pod>-<volume>) and deleted with it.',
    ),
  })
  .describe('A per-pod volume provisioned through a PersistentVolumeClaim.');
export type EphemeralVolumeSource = z.infer<typeof EphemeralVolumeSource>;
