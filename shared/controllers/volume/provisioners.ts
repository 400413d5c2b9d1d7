import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types';
import type { RestContext } from '../../registry/context';

/** A PV's volume source, as a provisioner makes it. */
export type VolumeSource = Pick<NonNullable<PersistentVolume['spec']>, 'csi'>;

/**
 * A provisioner that makes and deletes what is behind a PV outside the cluster (EFS access points
 * on AWS). The PV controller calls it for classes of its `name`; a provisioner's errors become
 * events on the claim (or volume) and a retry.
 */
export interface VolumeProvisioner {
  /** The StorageClass `provisioner` (and the CSI driver of its volumes). */
  readonly name: string;
  /** Makes the claim's volume (idempotent by `pvName`): its source for the PV. */
  provision(claim: PersistentVolumeClaim, sc: StorageClass, pvName: string): Promise<VolumeSource>;
  /** Deletes what is behind a released volume of reclaim policy Delete (gone already is done). */
  delete(pv: PersistentVolume): Promise<void>;
}

/** A controller-manager context that may run provisioners beside the simulated one (on AWS: EFS). */
export interface VolumeContext extends RestContext {
  volumeProvisioners?: VolumeProvisioner[];
}

/** Seconds before a failed provision or delete is tried again (the claim or volume keeps its state meanwhile). */
export const RETRY_SECONDS = 15;
