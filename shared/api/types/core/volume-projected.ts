/** core/v1 projected volumes: several sources merged into one directory. */
import * as z from 'zod';
import { Int32, Int64, LabelSelector } from '../meta';
import { KeyToPath } from './common';
import { DownwardAPIVolumeFile } from './volume-sources';

export const SecretProjection = z
  .strictObject({
    name: z.string().optional().describe('Name of the Secret.'),
    items: z.array(KeyToPath).optional().describe('Keys to project; by default every key.'),
    optional: z.boolean().optional().describe('When true, a missing Secret or key is not an error.'),
  })
  .describe('Secret keys projected into the volume.');
export type SecretProjection = z.infer<typeof SecretProjection>;

export const ConfigMapProjection = z
  .strictObject({
    name: z.string().optional().describe('Name of the ConfigMap.'),
    items: z.array(KeyToPath).optional().describe('Keys to project; by default every key.'),
    optional: z.boolean().optional().describe('When true, a missing ConfigMap or key is not an error.'),
  })
  .describe('ConfigMap keys projected into the volume.');
export type ConfigMapProjection = z.infer<typeof ConfigMapProjection>;

export const DownwardAPIProjection = z
  .strictObject({
    items: z.array(DownwardAPIVolumeFile).optional().describe('Files to create.'),
  })
  .describe('Pod information projected into the volume.');
export type DownwardAPIProjection = z.infer<typeof DownwardAPIProjection>;

export const ServiceAccountTokenProjection = z
  .strictObject({
    audience: z.string().optional().describe('Audience the token is for; defaults to the API server.'),
    expirationSeconds: Int64.optional().describe('Requested lifetime; the kubelet rotates the token before it ends.'),
    path: z.string().describe('Relative path of the token file.'),
  })
  .describe('A bound service account token projected into the volume.');
export type ServiceAccountTokenProjection = z.infer<typeof ServiceAccountTokenProjection>;

export const ClusterTrustBundleProjection = z
  .strictObject({
    name: z.string().optional().describe('Selects one ClusterTrustBundle by name; exclusive with signerName.'),
    signerName: z.string().optional().describe('Selects bundles of this signer, filtered by labelSelector.'),
    labelSelector: LabelSelector.optional().describe('Narrows the bundles of signerName.'),
    optional: z.boolean().optional().describe('When true, a missing bundle writes nothing instead of failing.'),
    path: z.string().describe('Relative path of the PEM file.'),
  })
  .describe('Trust anchors from ClusterTrustBundle objects, written as one PEM file.');
export type ClusterTrustBundleProjection = z.infer<typeof ClusterTrustBundleProjection>;

export const VolumeProjection = z
  .strictObject({
    secret: SecretProjection.optional().describe('Secret to project.'),
    downwardAPI: DownwardAPIProjection.optional().describe('Pod information to project.'),
    configMap: ConfigMapProjection.optional().describe('ConfigMap to project.'),
    serviceAccountToken: ServiceAccountTokenProjection.optional().describe('Service account token to project.'),
    clusterTrustBundle: ClusterTrustBundleProjection.optional().describe('Trust bundle to project.'),
  })
  .describe('One source of a projected volume; set exactly one.');
export type VolumeProjection = z.infer<typeof VolumeProjection>;

export const ProjectedVolumeSource = z
  .strictObject({
    sources: z.array(VolumeProjection).optional().describe('Sources merged into the volume.'),
    defaultMode: Int32.optional().describe('Permission bits of the created files; defaults to 0644.'),
  })
  .describe('Several sources merged into one directory.');
export type ProjectedVolumeSource = z.infer<typeof ProjectedVolumeSource>;
