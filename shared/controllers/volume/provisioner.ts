/**
 * The provisioners Skiff runs itself. Locally (and on the simulated nodes) a volume is simulated:
 * a PV with a CSI source of the `simulated.skiff.dev` driver whose handle names it; nothing is
 * stored. On AWS the EFS class's volumes are EFS access points (see efs-plan.ts).
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types';

export const SIMULATED_PROVISIONER = 'simulated.skiff.dev';
export const EFS_PROVISIONER = 'efs.csi.aws.com';
export const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

/** The PV a provisioner creates for a claim, pre-bound to it (upstream's external-provisioner shape). */
export function provisionedVolume(claim: PersistentVolumeClaim, sc: StorageClass, source: Pick<NonNullable<PersistentVolume['spec']>, 'csi'>): PersistentVolume {
  const name = `pvc-${String(claim.metadata?.uid)}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [PROVISIONED_BY]: sc.provisioner, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
      accessModes: [...(claim.spec?.accessModes ?? ['ReadWriteOnce'])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: String(sc.metadata?.name),
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(sc.mountOptions ? { mountOptions: [...sc.mountOptions] } : {}),
      claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion },
      ...source,
    },
  };
}

/** A simulated volume: its CSI handle is the PV's own name. */
export function simulatedSource(pvName: string): Pick<NonNullable<PersistentVolume['spec']>, 'csi'> {
  return { csi: { driver: SIMULATED_PROVISIONER, volumeHandle: pvName, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': 'skiff' } } };
}
