/**
 * core/v1 in-tree volume drivers upstream keeps for compatibility (most are deprecated or migrated
 * to CSI). Skiff accepts and stores them so manifests round-trip unchanged.
 */
import * as z from 'zod';
import { Int32, StringMap } from '../meta';
import { LocalObjectReference } from './common';

const fsType = z.string().optional().describe('Filesystem type to mount, e.g. ext4; inferred when empty.');
const readOnly = z.boolean().optional().describe('Mount read-only.');
const secretRef = LocalObjectReference.optional().describe('Secret holding credentials for the driver.');

export const AWSElasticBlockStoreVolumeSource = z
  .strictObject({
    volumeID: z.string().describe('ID of the EBS volume.'),
    fsType,
    partition: Int32.optional().describe('Partition to mount; 0 or unset mounts the whole disk.'),
    readOnly,
  })
  .describe('Deprecated: an AWS EBS disk; use the ebs.csi.aws.com CSI driver.');
export type AWSElasticBlockStoreVolumeSource = z.infer<typeof AWSElasticBlockStoreVolumeSource>;

export const GCEPersistentDiskVolumeSource = z
  .strictObject({
    pdName: z.string().describe('Name of the persistent disk.'),
    fsType,
    partition: Int32.optional().describe('Partition to mount; 0 or unset mounts the whole disk.'),
    readOnly,
  })
  .describe('Deprecated: a GCE persistent disk; use the pd.csi.storage.gke.io CSI driver.');
export type GCEPersistentDiskVolumeSource = z.infer<typeof GCEPersistentDiskVolumeSource>;

export const AzureDiskVolumeSource = z
  .strictObject({
    diskName: z.string().describe('Name of the data disk.'),
    diskURI: z.string().describe('URI of the data disk.'),
    cachingMode: z.string().optional().describe('Host caching: None, ReadOnly or ReadWrite.'),
    fsType,
    readOnly,
    kind: z.string().optional().describe('Shared, Dedicated or Managed (default).'),
  })
  .describe('Deprecated: an Azure data disk; use the disk.csi.azure.com CSI driver.');
export type AzureDiskVolumeSource = z.infer<typeof AzureDiskVolumeSource>;

export const AzureFileVolumeSource = z
  .strictObject({
    secretName: z.string().describe('Secret holding the storage account name and key.'),
    shareName: z.string().describe('Name of the file share.'),
    readOnly,
  })
  .describe('Deprecated: an Azure file share; use the file.csi.azure.com CSI driver.');
export type AzureFileVolumeSource = z.infer<typeof AzureFileVolumeSource>;

export const CephFSVolumeSource = z
  .strictObject({
    monitors: z.array(z.string()).describe('Ceph monitor addresses.'),
    path: z.string().optional().describe('Path to mount; defaults to /.'),
    user: z.string().optional().describe('RADOS user; defaults to admin.'),
    secretFile: z.string().optional().describe('Keyring file path; defaults to /etc/ceph/user.secret.'),
    secretRef,
    readOnly,
  })
  .describe('Deprecated: a CephFS mount.');
export type CephFSVolumeSource = z.infer<typeof CephFSVolumeSource>;

export const CinderVolumeSource = z
  .strictObject({
    volumeID: z.string().describe('ID of the Cinder volume.'),
    fsType,
    readOnly,
    secretRef,
  })
  .describe('Deprecated: an OpenStack Cinder volume; use the cinder.csi.openstack.org CSI driver.');
export type CinderVolumeSource = z.infer<typeof CinderVolumeSource>;

export const FCVolumeSource = z
  .strictObject({
    targetWWNs: z.array(z.string()).optional().describe('Fibre Channel target world wide names.'),
    lun: Int32.optional().describe('Logical unit number.'),
    fsType,
    readOnly,
    wwids: z.array(z.string()).optional().describe('Volume world wide identifiers; exclusive with targetWWNs and lun.'),
  })
  .describe('A Fibre Channel disk.');
export type FCVolumeSource = z.infer<typeof FCVolumeSource>;

export const FlexVolumeSource = z
  .strictObject({
    driver: z.string().describe('Name of the FlexVolume driver.'),
    fsType,
    secretRef,
    readOnly,
    options: StringMap.optional().describe('Extra driver options.'),
  })
  .describe('Deprecated: a volume mounted by an exec-based FlexVolume plugin.');
export type FlexVolumeSource = z.infer<typeof FlexVolumeSource>;

export const FlockerVolumeSource = z
  .strictObject({
    datasetName: z.string().optional().describe('Flocker dataset name (metadata).'),
    datasetUUID: z.string().optional().describe('Flocker dataset UUID.'),
  })
  .describe('Deprecated: a Flocker dataset.');
export type FlockerVolumeSource = z.infer<typeof FlockerVolumeSource>;

export const GitRepoVolumeSource = z
  .strictObject({
    repository: z.string().describe('Repository URL.'),
    revision: z.string().optional().describe('Commit hash to check out.'),
    directory: z.string().optional().describe('Target directory name; "." clones into the volume root.'),
  })
  .describe('Deprecated: a git clone into an empty directory; use an init container instead.');
export type GitRepoVolumeSource = z.infer<typeof GitRepoVolumeSource>;

export const GlusterfsVolumeSource = z
  .strictObject({
    endpoints: z.string().describe('Endpoints object naming the Glusterfs servers.'),
    path: z.string().describe('Glusterfs volume path.'),
    readOnly,
  })
  .describe('Deprecated: a Glusterfs mount.');
export type GlusterfsVolumeSource = z.infer<typeof GlusterfsVolumeSource>;

export const ISCSIVolumeSource = z
  .strictObject({
    targetPortal: z.string().describe('iSCSI target portal, IP or IP:port.'),
    iqn: z.string().describe('iSCSI qualified name of the target.'),
    lun: Int32.describe('Logical unit number of the target.'),
    iscsiInterface: z.string().optional().describe('iSCSI interface name; defaults to default (tcp).'),
    fsType,
    readOnly,
    portals: z.array(z.string()).optional().describe('Additional target portals.'),
    chapAuthDiscovery: z.boolean().optional().describe('Use CHAP authentication for discovery.'),
    chapAuthSession: z.boolean().optional().describe('Use CHAP authentication for the session.'),
    secretRef,
    initiatorName: z.string().optional().describe('Custom initiator name; creates a new interface.'),
  })
  .describe('An iSCSI disk.');
export type ISCSIVolumeSource = z.infer<typeof ISCSIVolumeSource>;

export const PhotonPersistentDiskVolumeSource = z
  .strictObject({
    pdID: z.string().describe('ID of the Photon Controller disk.'),
    fsType,
  })
  .describe('Deprecated: a Photon Controller disk.');
export type PhotonPersistentDiskVolumeSource = z.infer<typeof PhotonPersistentDiskVolumeSource>;

export const PortworxVolumeSource = z
  .strictObject({
    volumeID: z.string().describe('ID of the Portworx volume.'),
    fsType,
    readOnly,
  })
  .describe('Deprecated: a Portworx volume; migrated to the pxd.portworx.com CSI driver.');
export type PortworxVolumeSource = z.infer<typeof PortworxVolumeSource>;

export const QuobyteVolumeSource = z
  .strictObject({
    registry: z.string().describe('Quobyte registry host:port list, comma-separated.'),
    volume: z.string().describe('Name of an existing Quobyte volume.'),
    readOnly,
    user: z.string().optional().describe('User the volume access is mapped to; defaults to serviceaccount.'),
    group: z.string().optional().describe('Group the volume access is mapped to.'),
    tenant: z.string().optional().describe('Tenant owning the volume, for dynamic provisioning.'),
  })
  .describe('Deprecated: a Quobyte mount.');
export type QuobyteVolumeSource = z.infer<typeof QuobyteVolumeSource>;

export const RBDVolumeSource = z
  .strictObject({
    monitors: z.array(z.string()).describe('Ceph monitor addresses.'),
    image: z.string().describe('RADOS image name.'),
    fsType,
    pool: z.string().optional().describe('RADOS pool; defaults to rbd.'),
    user: z.string().optional().describe('RADOS user; defaults to admin.'),
    keyring: z.string().optional().describe('Keyring path; defaults to /etc/ceph/keyring.'),
    secretRef,
    readOnly,
  })
  .describe('Deprecated: a Ceph RBD block device.');
export type RBDVolumeSource = z.infer<typeof RBDVolumeSource>;

export const ScaleIOVolumeSource = z
  .strictObject({
    gateway: z.string().describe('Host of the ScaleIO gateway API.'),
    system: z.string().describe('Name of the ScaleIO storage system.'),
    secretRef: LocalObjectReference.describe('Secret holding the ScaleIO user credentials.'),
    sslEnabled: z.boolean().optional().describe('Use SSL to talk to the gateway.'),
    protectionDomain: z.string().optional().describe('Protection domain of the storage.'),
    storagePool: z.string().optional().describe('Storage pool of the protection domain.'),
    storageMode: z.string().optional().describe('ThickProvisioned or ThinProvisioned (default).'),
    volumeName: z.string().optional().describe('Name of an existing volume.'),
    fsType,
    readOnly,
  })
  .describe('Deprecated: a ScaleIO volume.');
export type ScaleIOVolumeSource = z.infer<typeof ScaleIOVolumeSource>;

export const StorageOSVolumeSource = z
  .strictObject({
    volumeName: z.string().optional().describe('StorageOS volume name, unique in its namespace.'),
    volumeNamespace: z.string().optional().describe('StorageOS namespace; defaults to the pod\'s.'),
    fsType,
    readOnly,
    secretRef,
  })
  .describe('Deprecated: a StorageOS volume.');
export type StorageOSVolumeSource = z.infer<typeof StorageOSVolumeSource>;

export const VsphereVirtualDiskVolumeSource = z
  .strictObject({
    volumePath: z.string().describe('Path of the vSphere volume (VMDK).'),
    fsType,
    storagePolicyName: z.string().optional().describe('Storage policy based management profile name.'),
    storagePolicyID: z.string().optional().describe('ID of that storage policy profile.'),
  })
  .describe('Deprecated: a vSphere disk; use the csi.vsphere.vmware.com CSI driver.');
export type VsphereVirtualDiskVolumeSource = z.infer<typeof VsphereVirtualDiskVolumeSource>;
