/**
 * EFS access-point provisioning as pure functions, with aws-efs-csi-driver's behaviour for a class
 * of `provisioner: efs.csi.aws.com` and `provisioningMode: efs-ap`: one access point per claim on
 * the class's file system, whose root directory EFS creates with the class's owner and permissions,
 * and whose POSIX user is the class's uid/gid or a group id of its own from the class's range.
 * The PV names it as the driver does: CSI driver `efs.csi.aws.com`, handle `<fs-id>::<fsap-id>`.
 */
import type { CreateAccessPointRequest } from '@aws-sdk/client-efs';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types';

export const EFS_DRIVER = 'efs.csi.aws.com';
/** The tag the driver puts on every access point it creates. */
export const DRIVER_TAG = 'efs.csi.aws.com/cluster';
export const DEFAULT_GID_RANGE_START = 50000;
export const DEFAULT_GID_RANGE_END = 7000000;
const DEFAULT_SUB_PATH = '${.PV.name}';

export interface EfsParameters {
  fileSystemId: string;
  directoryPerms: string;
  basePath: string;
  subPathPattern: string;
  ensureUniqueDirectory: boolean;
  /** Both set: every access point of the class uses them; otherwise a gid from the range, uid = gid. */
  uid?: number;
  gid?: number;
  gidRangeStart: number;
  gidRangeEnd: number;
}

/** A class whose parameters the driver would refuse; the message is what ProvisioningFailed says. */
export class ParameterError extends Error {}

const KNOWN = new Set(['provisioningMode', 'fileSystemId', 'directoryPerms', 'basePath', 'subPathPattern', 'ensureUniqueDirectory', 'uid', 'gid', 'gidRangeStart', 'gidRangeEnd', 'reuseAccessPoint', 'az']);

function int(params: Record<string, string>, key: string): number | undefined {
  const raw = params[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new ParameterError(`Failed to parse invalid ${key}: ${raw}`);
  return Number(raw.trim());
}

/** The class's parameters, checked as the driver checks them before any AWS call. */
export function efsParameters(sc: Pick<StorageClass, 'parameters'>): EfsParameters {
  const p = sc.parameters ?? {};
  for (const k of Object.keys(p)) if (!KNOWN.has(k) && !k.startsWith('csi.storage.k8s.io/')) throw new ParameterError(`Invalid parameter key ${k}`);
  if (p.provisioningMode === undefined) throw new ParameterError('Missing provisioningMode parameter');
  if (p.provisioningMode !== 'efs-ap') throw new ParameterError(`Provisioning mode ${p.provisioningMode} is not supported.`);
  if (!p.fileSystemId) throw new ParameterError('Missing fileSystemId parameter');
  if (!p.directoryPerms) throw new ParameterError('Missing directoryPerms parameter');
  if (!/^[0-7]{3,4}$/.test(p.directoryPerms)) throw new ParameterError(`Invalid directoryPerms: ${p.directoryPerms}`);
  if (p.reuseAccessPoint === 'true') throw new ParameterError('reuseAccessPoint is not supported');
  const uid = int(p, 'uid');
  const gid = int(p, 'gid');
  const gidRangeStart = int(p, 'gidRangeStart') ?? DEFAULT_GID_RANGE_START;
  const gidRangeEnd = int(p, 'gidRangeEnd') ?? DEFAULT_GID_RANGE_END;
  if (gidRangeStart > gidRangeEnd) throw new ParameterError('Range start must be less than or equal to range end');
  const unique = p.ensureUniqueDirectory ?? 'true';
  if (unique !== 'true' && unique !== 'false') throw new ParameterError(`Invalid ensureUniqueDirectory: ${unique}`);
  return {
    fileSystemId: p.fileSystemId,
    directoryPerms: p.directoryPerms,
    basePath: p.basePath ?? '',
    subPathPattern: p.subPathPattern ?? DEFAULT_SUB_PATH,
    ensureUniqueDirectory: unique === 'true',
    uid,
    gid,
    gidRangeStart,
    gidRangeEnd,
  };
}

/** The lowest gid of the class's range that no access point of the file system uses. */
export function freeGid(params: EfsParameters, used: Iterable<number>): number {
  const taken = new Set(used);
  for (let g = params.gidRangeStart; g <= params.gidRangeEnd; g++) if (!taken.has(g)) return g;
  throw new ParameterError(`Failed to locate a free GID for given file system: ${params.fileSystemId}`);
}

/** The access point's root directory: basePath, then subPathPattern filled from the claim and PV, then a unique suffix. */
export function rootPath(params: EfsParameters, claim: PersistentVolumeClaim, pvName: string, unique: string): string {
  const sub = params.subPathPattern
    .replace(/\$\{\.PV\.name\}/g, pvName)
    .replace(/\$\{\.PVC\.name\}/g, String(claim.metadata?.name ?? ''))
    .replace(/\$\{\.PVC\.namespace\}/g, String(claim.metadata?.namespace ?? ''));
  if (/\$\{/.test(sub)) throw new ParameterError(`Invalid subPathPattern: ${params.subPathPattern}`);
  const parts = [params.basePath, params.ensureUniqueDirectory ? `${sub}-${unique}` : sub].flatMap((s) => s.split('/')).filter(Boolean);
  return `/${parts.join('/')}`;
}

/** The CreateAccessPoint request for one claim; the PV's name is the client token, so a retry creates nothing twice. */
export function accessPointRequest(params: EfsParameters, claim: PersistentVolumeClaim, pvName: string, gid: number, unique: string, cluster: string): CreateAccessPointRequest {
  const uid = params.uid !== undefined && params.gid !== undefined ? params.uid : gid;
  const owner = params.uid !== undefined && params.gid !== undefined ? params.gid : gid;
  return {
    ClientToken: pvName.slice(0, 64),
    FileSystemId: params.fileSystemId,
    PosixUser: { Uid: uid, Gid: owner },
    RootDirectory: { Path: rootPath(params, claim, pvName, unique), CreationInfo: { OwnerUid: uid, OwnerGid: owner, Permissions: params.directoryPerms } },
    Tags: [
      { Key: DRIVER_TAG, Value: 'true' },
      { Key: 'skiff.dev/cluster', Value: cluster },
      { Key: 'kubernetes.io/created-for/pv/name', Value: pvName },
      { Key: 'kubernetes.io/created-for/pvc/name', Value: String(claim.metadata?.name ?? '') },
      { Key: 'kubernetes.io/created-for/pvc/namespace', Value: String(claim.metadata?.namespace ?? '') },
    ],
  };
}

/** The PV's CSI source for an access point, as the driver writes it. */
export function efsSource(fileSystemId: string, accessPointId: string): Pick<NonNullable<PersistentVolume['spec']>, 'csi'> {
  return { csi: { driver: EFS_DRIVER, volumeHandle: `${fileSystemId}::${accessPointId}`, volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': 'skiff' } } };
}

/** The file system and access point a PV's handle names (`fs-id`, `fs-id::fsap-id` or `fs-id:subpath:fsap-id`). */
export function handleOf(pv: Pick<PersistentVolume, 'spec'>): { fileSystemId: string; accessPointId?: string } | undefined {
  const csi = pv.spec?.csi;
  if (csi?.driver !== EFS_DRIVER) return undefined;
  const [fileSystemId, , accessPointId] = csi.volumeHandle.split(':');
  return fileSystemId ? { fileSystemId, ...(accessPointId ? { accessPointId } : {}) } : undefined;
}
