import { randomUUID } from 'node:crypto';
import { AccessPointDescription, CreateAccessPointCommand, DeleteAccessPointCommand, DescribeAccessPointsCommand, EFSClient } from '@aws-sdk/client-efs';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types';
import { AwsSettings, awsClientConfig } from '../../cloud/aws';
import { accessPointRequest, EFS_DRIVER, efsParameters, efsSource, freeGid, handleOf } from './efs-plan';
import type { VolumeProvisioner, VolumeSource } from './provisioners';

/** Every access point of a file system (DescribeAccessPoints pages through them). */
async function accessPoints(efs: EFSClient, fileSystemId: string): Promise<AccessPointDescription[]> {
  const out: AccessPointDescription[] = [];
  let token: string | undefined;
  do {
    const page = await efs.send(new DescribeAccessPointsCommand({ FileSystemId: fileSystemId, NextToken: token }));
    out.push(...(page.AccessPoints ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

/**
 * aws-efs-csi-driver's controller (CreateVolume, DeleteVolume) for `efs-ap` classes: an access
 * point per PV. Before creating one it looks for an access point of the same client token (the PV
 * name), so a retry after a lost answer makes no second one (AWS is idempotent by the token too).
 */
export function efsProvisioner(settings: Pick<AwsSettings, 'endpoint' | 'region' | 'cluster'>, efs: EFSClient = new EFSClient(awsClientConfig(settings))): VolumeProvisioner {
  return {
    name: EFS_DRIVER,
    async provision(claim: PersistentVolumeClaim, sc: StorageClass, pvName: string): Promise<VolumeSource> {
      const params = efsParameters(sc);
      const existing = await accessPoints(efs, params.fileSystemId);
      const mine = existing.find((ap) => ap.ClientToken === pvName.slice(0, 64) && ap.LifeCycleState !== 'deleting' && ap.LifeCycleState !== 'deleted');
      if (mine?.AccessPointId) return efsSource(params.fileSystemId, mine.AccessPointId);
      const gid = params.uid !== undefined && params.gid !== undefined ? params.gid : freeGid(params, existing.flatMap((ap) => (ap.PosixUser?.Gid !== undefined ? [ap.PosixUser.Gid] : [])));
      const created = await efs.send(new CreateAccessPointCommand(accessPointRequest(params, claim, pvName, gid, randomUUID(), settings.cluster)));
      if (!created.AccessPointId) throw new Error('CreateAccessPoint answered without an AccessPointId');
      return efsSource(params.fileSystemId, created.AccessPointId);
    },
    async delete(pv: PersistentVolume): Promise<void> {
      const handle = handleOf(pv);
      // A static volume of the whole file system has no access point of ours to delete.
      if (!handle?.accessPointId) return;
      try {
        await efs.send(new DeleteAccessPointCommand({ AccessPointId: handle.accessPointId }));
      } catch (err) {
        if ((err as Error).name !== 'AccessPointNotFound') throw err;
      }
    },
  };
}
