/** PersistentVolumeClaims, PersistentVolumes and StorageClasses (upstream's printPersistentVolumeClaim, printPersistentVolume, printStorageClass). */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** Upstream's GetAccessModesAsString: the short forms in a fixed order. */
export function accessModesText(modes: string[] | undefined): string {
  const short: [string, string][] = [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']];
  return short.filter(([m]) => (modes ?? []).includes(m)).map(([, s]) => s).join(',');
}

const quantityText = (q: string | number | undefined): string => (q === undefined ? '' : String(q));

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    nameColumn,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(obj, now) {
    const pvc = view<PersistentVolumeClaim>(obj);
    const bound = !!pvc.spec?.volumeName;
    const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    return [
      pvc.metadata?.name ?? '',
      phase,
      pvc.spec?.volumeName ?? '',
      bound ? quantityText(pvc.status?.capacity?.storage) : '',
      bound ? accessModesText(pvc.status?.accessModes) : '',
      pvc.metadata?.annotations?.[BETA_CLASS] ?? pvc.spec?.storageClassName ?? '',
      pvc.spec?.volumeAttributesClassName || '<unset>',
      age(pvc.metadata?.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumePrinter: Printer = {
  columns: [
    nameColumn,
    col('Capacity', 'string', "capacity is the description of the persistent volume's resources and capacity."),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn,
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells(obj, now) {
    const pv = view<PersistentVolume>(obj);
    const ref = pv.spec?.claimRef;
    const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata?.name ?? '',
      quantityText(pv.spec?.capacity?.storage),
      accessModesText(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      pv.metadata?.annotations?.[BETA_CLASS] ?? pv.spec?.storageClassName ?? '',
      pv.spec?.volumeAttributesClassName || '<unset>',
      pv.status?.reason ?? '',
      age(pv.metadata?.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const storageClassPrinter: Printer = {
  columns: [
    nameColumn,
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
    col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn,
  ],
  cells(obj, now) {
    const sc = view<StorageClass>(obj);
    const name = sc.metadata?.name ?? '';
    const isDefault = ['true', 'True'].includes(sc.metadata?.annotations?.[DEFAULT_CLASS] ?? '') || ['true', 'True'].includes(sc.metadata?.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] ?? '');
    return [isDefault ? `${name} (default)` : name, sc.provisioner, sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', String(sc.allowVolumeExpansion ?? false), age(sc.metadata?.creationTimestamp, now)];
  },
};
