/** core/v1 Volume: a name plus exactly one of the volume sources Kubernetes v1.33 defines. */
import * as z from 'zod';
import {
  AWSElasticBlockStoreVolumeSource,
  AzureDiskVolumeSource,
  AzureFileVolumeSource,
  CephFSVolumeSource,
  CinderVolumeSource,
  FCVolumeSource,
  FlexVolumeSource,
  FlockerVolumeSource,
  GCEPersistentDiskVolumeSource,
  GitRepoVolumeSource,
  GlusterfsVolumeSource,
  ISCSIVolumeSource,
  PhotonPersistentDiskVolumeSource,
  PortworxVolumeSource,
  QuobyteVolumeSource,
  RBDVolumeSource,
  ScaleIOVolumeSource,
  StorageOSVolumeSource,
  VsphereVirtualDiskVolumeSource,
} from './volume-legacy';
import { ProjectedVolumeSource } from './volume-projected';
import {
  CSIVolumeSource,
  ConfigMapVolumeSource,
  DownwardAPIVolumeSource,
  EmptyDirVolumeSource,
  EphemeralVolumeSource,
  HostPathVolumeSource,
  ImageVolumeSource,
  NFSVolumeSource,
  PersistentVolumeClaimVolumeSource,
  SecretVolumeSource,
} from './volume-sources';

/** Upstream inlines VolumeSource into Volume, so its fields sit next to `name`. */
const volumeSourceFields = {
  hostPath: HostPathVolumeSource.optional().describe('A path on the node.'),
  emptyDir: EmptyDirVolumeSource.optional().describe('A scratch directory that lives as long as the pod.'),
  gcePersistentDisk: GCEPersistentDiskVolumeSource.optional().describe('Deprecated GCE persistent disk.'),
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSource.optional().describe('Deprecated AWS EBS disk.'),
  gitRepo: GitRepoVolumeSource.optional().describe('Deprecated git clone.'),
  secret: SecretVolumeSource.optional().describe('Keys of a Secret as files.'),
  nfs: NFSVolumeSource.optional().describe('An NFS share.'),
  iscsi: ISCSIVolumeSource.optional().describe('An iSCSI disk.'),
  glusterfs: GlusterfsVolumeSource.optional().describe('Deprecated Glusterfs mount.'),
  persistentVolumeClaim: PersistentVolumeClaimVolumeSource.optional().describe('The volume bound to a claim.'),
  rbd: RBDVolumeSource.optional().describe('Deprecated Ceph RBD device.'),
  flexVolume: FlexVolumeSource.optional().describe('Deprecated FlexVolume plugin mount.'),
  cinder: CinderVolumeSource.optional().describe('Deprecated OpenStack Cinder volume.'),
  cephfs: CephFSVolumeSource.optional().describe('Deprecated CephFS mount.'),
  flocker: FlockerVolumeSource.optional().describe('Deprecated Flocker dataset.'),
  downwardAPI: DownwardAPIVolumeSource.optional().describe('Pod information as files.'),
  fc: FCVolumeSource.optional().describe('A Fibre Channel disk.'),
  azureFile: AzureFileVolumeSource.optional().describe('Deprecated Azure file share.'),
  configMap: ConfigMapVolumeSource.optional().describe('Keys of a ConfigMap as files.'),
  vsphereVolume: VsphereVirtualDiskVolumeSource.optional().describe('Deprecated vSphere disk.'),
  quobyte: QuobyteVolumeSource.optional().describe('Deprecated Quobyte mount.'),
  azureDisk: AzureDiskVolumeSource.optional().describe('Deprecated Azure data disk.'),
  photonPersistentDisk: PhotonPersistentDiskVolumeSource.optional().describe('Deprecated Photon Controller disk.'),
  projected: ProjectedVolumeSource.optional().describe('Several sources merged into one directory.'),
  portworxVolume: PortworxVolumeSource.optional().describe('Deprecated Portworx volume.'),
  scaleIO: ScaleIOVolumeSource.optional().describe('Deprecated ScaleIO volume.'),
  storageos: StorageOSVolumeSource.optional().describe('Deprecated StorageOS volume.'),
  csi: CSIVolumeSource.optional().describe('An ephemeral volume from a CSI driver.'),
  ephemeral: EphemeralVolumeSource.optional().describe('A per-pod volume provisioned through a claim.'),
  image: ImageVolumeSource.optional().describe('The contents of an OCI image, read-only.'),
};

export const VolumeSource = z.strictObject(volumeSourceFields).describe(
  'Where a volume\'s data comes from; set exactly one.',
);
export type VolumeSource = z.infer<typeof VolumeSource>;

export const Volume = z
  .strictObject({
    name: z.string().describe('Volume name, a DNS label unique in the pod; volume mounts refer to it.'),
    ...volumeSourceFields,
  })
  .describe('A named volume containers of the pod can mount; set exactly one source.');
export type Volume = z.infer<typeof Volume>;
