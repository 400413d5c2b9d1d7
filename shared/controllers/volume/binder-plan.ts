/**
 * Upstream's PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go)
 * as pure functions: bind a claim to the smallest fitting Available volume of its class, or ask
 * for one to be provisioned (at once, or once a pod using it is scheduled for
 * WaitForFirstConsumer); keep volumes' phases; release and reclaim volumes whose claim is gone.
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../api/types';
import { parseValue } from '../../scheduler/quantity';

export const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';

export type ClaimAction =
  | { type: 'none' }
  | { type: 'bindVolume'; volume: PersistentVolume }
  | { type: 'bindClaim'; claim: PersistentVolumeClaim }
  | { type: 'provision'; class: StorageClass; claim: PersistentVolumeClaim }
  | { type: 'lost'; claim: PersistentVolumeClaim }
  | { type: 'event'; reason: string; message: string; warning: boolean };

const storage = (q: string | number | undefined): number => {
  if (q === undefined) return 0;
  try {
    return parseValue(q);
  } catch {
    return 0;
  }
};

const classOf = (o: { spec?: { storageClassName?: string } }): string => o.spec?.storageClassName ?? '';

/** Whether a volume can serve a claim: class, free or pre-bound to it, size, access modes, mode. */
export function volumeFits(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (ref && (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name || (ref.uid && ref.uid !== claim.metadata?.uid))) return false;
  if (pv.metadata?.deletionTimestamp || (pv.status?.phase && !['Available', 'Pending'].includes(pv.status.phase) && !ref)) return false;
  if (classOf(pv) !== classOf(claim)) return false;
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
  if (storage(pv.spec?.capacity?.storage) < storage(claim.spec?.resources?.requests?.storage)) return false;
  const modes = pv.spec?.accessModes ?? [];
  return (claim.spec?.accessModes ?? []).every((m) => modes.includes(m));
}

/** A pod that mounts the claim and has a node: what WaitForFirstConsumer waits for. */
export function scheduledConsumer(claim: PersistentVolumeClaim, pods: Pod[]): Pod | undefined {
  return pods.find((p) => !p.metadata?.deletionTimestamp && p.spec?.nodeName && (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata?.name));
}

function claimRefTo(claim: PersistentVolumeClaim): NonNullable<PersistentVolume['spec']>['claimRef'] {
  return { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion };
}

/** The claim, bound to `pv`: volumeName, the binding annotations, and status Bound with the volume's size and modes. */
export function boundClaim(claim: PersistentVolumeClaim, pv: PersistentVolume, byController: boolean): PersistentVolumeClaim {
  const annotations: Record<string, string> = { ...(claim.metadata?.annotations ?? {}), [BIND_COMPLETED]: 'yes' };
  if (byController) annotations[BOUND_BY_CONTROLLER] = 'yes';
  return {
    ...claim,
    metadata: { ...claim.metadata, annotations },
    spec: { ...claim.spec, volumeName: pv.metadata?.name },
    status: { ...claim.status, phase: 'Bound', accessModes: [...(pv.spec?.accessModes ?? [])], capacity: { ...(pv.spec?.capacity ?? {}) } },
  };
}

/** What to do for one claim, given the cluster's volumes, classes and the claim's namespace's pods. */
export function planClaim(claim: PersistentVolumeClaim, volumes: PersistentVolume[], classes: StorageClass[], pods: Pod[], provisioners: Set<string>): ClaimAction {
  if (claim.metadata?.deletionTimestamp) return { type: 'none' };
  const name = claim.spec?.volumeName;
  if (name) {
    const pv = volumes.find((v) => v.metadata?.name === name);
    if (!pv) return claim.status?.phase === 'Bound' ? { type: 'lost', claim: { ...claim, status: { ...claim.status, phase: 'Lost' } } } : { type: 'none' };
    const ref = pv.spec?.claimRef;
    if (!ref || (ref.name === claim.metadata?.name && ref.namespace === claim.metadata?.namespace && !ref.uid)) {
      return { type: 'bindVolume', volume: { ...pv, spec: { ...pv.spec, claimRef: claimRefTo(claim) } } };
    }
    if (ref.uid === claim.metadata?.uid) return claim.status?.phase === 'Bound' ? { type: 'none' } : { type: 'bindClaim', claim: boundClaim(claim, pv, false) };
    return { type: 'event', reason: 'FailedBinding', message: `volume "${name}" already bound to a different claim.`, warning: true };
  }
  // A volume pre-bound to this claim (a provisioned one, or one an admin reserved) wins.
  const prebound = volumes.find((v) => v.spec?.claimRef?.uid === claim.metadata?.uid && v.spec?.claimRef?.name === claim.metadata?.name);
  if (prebound) return { type: 'bindClaim', claim: boundClaim(claim, prebound, true) };
  const fitting = volumes.filter((v) => volumeFits(v, claim)).sort((a, b) => storage(a.spec?.capacity?.storage) - storage(b.spec?.capacity?.storage));
  if (fitting.length) return { type: 'bindVolume', volume: { ...fitting[0], spec: { ...fitting[0].spec, claimRef: claimRefTo(claim) } } };
  const className = classOf(claim);
  if (!className) return { type: 'event', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set', warning: false };
  const sc = classes.find((c) => c.metadata?.name === className);
  if (!sc) return { type: 'event', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found`, warning: true };
  if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
    // The scheduler names the node (its VolumeBinding PreBind); a scheduled consumer is the fallback.
    const node = claim.metadata?.annotations?.[SELECTED_NODE] ?? scheduledConsumer(claim, pods)?.spec?.nodeName;
    if (!node) return { type: 'event', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding', warning: false };
    if (!provisioners.has(sc.provisioner)) return externalWait(sc);
    const annotations = { ...(claim.metadata?.annotations ?? {}), [SELECTED_NODE]: node, [STORAGE_PROVISIONER]: sc.provisioner };
    return { type: 'provision', class: sc, claim: { ...claim, metadata: { ...claim.metadata, annotations } } };
  }
  if (!provisioners.has(sc.provisioner)) return externalWait(sc);
  return { type: 'provision', class: sc, claim: { ...claim, metadata: { ...claim.metadata, annotations: { ...(claim.metadata?.annotations ?? {}), [STORAGE_PROVISIONER]: sc.provisioner } } } };
}

function externalWait(sc: StorageClass): ClaimAction {
  return {
    type: 'event',
    reason: 'ExternalProvisioning',
    message: `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    warning: false,
  };
}

export type VolumeAction = { type: 'none' } | { type: 'phase'; phase: string; message?: string } | { type: 'reclaimDelete' };

/** A volume's phase from its claim reference, and its reclaim once the claim is gone. */
export function planVolume(pv: PersistentVolume, claim: PersistentVolumeClaim | undefined): VolumeAction {
  const ref = pv.spec?.claimRef;
  const phase = pv.status?.phase;
  const want = (p: string, message?: string): VolumeAction => (phase === p ? { type: 'none' } : { type: 'phase', phase: p, message });
  if (!ref) return want('Available');
  if (!ref.uid) return want('Available');
  if (claim && claim.metadata?.uid === ref.uid) return want('Bound');
  // The claim is gone (or replaced by a namesake): the volume is released and reclaimed by its policy.
  if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') return phase === 'Released' ? { type: 'reclaimDelete' } : want('Released');
  return want('Released');
}
