/**
 * VolumeBinding (plugins/volumebinding) at its simplest: a pod's claims must exist, be usable and,
 * unless their class waits for the first consumer, be bound before the pod is placed; a bound
 * claim's volume must reach the node; a WaitForFirstConsumer claim needs a free volume on the node
 * or a class that may provision there. The scheduler then names the chosen node on such a claim
 * (`volume.kubernetes.io/selected-node`) for the provisioner, as upstream's PreBind does.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../api/types';
import { BIND_COMPLETED, volumeFits } from '../../controllers/volume/binder-plan';
import type { FilterPlugin } from '../interface';
import type { StorageView } from '../snapshot';
import { SUCCESS, Status, unresolvable } from '../status';
import { nodeSelectorTermMatches } from './node-affinity';

export const VOLUME_BINDING = 'VolumeBinding';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

export interface PodClaims {
  /** Claims bound to a volume (their volume must be usable from the node). */
  readonly bound: readonly PersistentVolumeClaim[];
  /** WaitForFirstConsumer claims not bound yet: bound (or provisioned) for the node chosen. */
  readonly delayed: readonly PersistentVolumeClaim[];
}

/**
 * The claims a pod mounts. Generic ephemeral volumes are left out: Skiff runs no ephemeral volume
 * controller to create their claims, so upstream's wait for one would never end.
 */
function claimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
}

/** volume.IsDelayBindingMode: a class that is named, exists and waits for the first consumer. */
export function isDelayBinding(claim: PersistentVolumeClaim, classes: ReadonlyMap<string, StorageClass>): boolean {
  const name = claim.spec?.storageClassName;
  return Boolean(name) && classes.get(String(name))?.volumeBindingMode === 'WaitForFirstConsumer';
}

const fullyBound = (claim: PersistentVolumeClaim): boolean => Boolean(claim.spec?.volumeName) && claim.metadata?.annotations?.[BIND_COMPLETED] !== undefined;

/**
 * PreFilter's podHasPVCs and GetPodVolumeClaims: 'Skip' for a pod without claims, a rejection
 * (with upstream's messages) for a missing, lost, terminating or unbound Immediate claim, else
 * the pod's claims sorted into bound and delayed.
 */
export function podVolumeClaims(pod: Pod, storage: StorageView): PodClaims | Status | 'Skip' {
  const names = claimNames(pod);
  if (names.length === 0) return 'Skip';
  const claims: PersistentVolumeClaim[] = [];
  for (const name of names) {
    const claim = storage.claims.get(`${String(pod.metadata?.namespace)}/${name}`);
    if (!claim) return unresolvable(`persistentvolumeclaim "${name}" not found`);
    if (claim.status?.phase === 'Lost') return unresolvable(`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${String(claim.spec?.volumeName ?? '')}"`);
    if (claim.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
    claims.push(claim);
  }
  const bound: PersistentVolumeClaim[] = [];
  const delayed: PersistentVolumeClaim[] = [];
  for (const claim of claims) {
    if (fullyBound(claim)) bound.push(claim);
    else if (isDelayBinding(claim, storage.classes) && !claim.spec?.volumeName) delayed.push(claim);
    else return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
  }
  return { bound, delayed };
}

/** Whether a volume's node affinity admits the node (no affinity admits every node). */
export function volumeReachesNode(pv: PersistentVolume, node: Node): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** Whether a class may provision on the node: it has a provisioner, and its allowedTopologies (if any) admit the node. */
export function classProvisionsOn(sc: StorageClass, node: Node): boolean {
  if (!sc.provisioner || sc.provisioner === NO_PROVISIONER) return false;
  const topologies = sc.allowedTopologies ?? [];
  const labels = node.metadata?.labels ?? {};
  return topologies.length === 0 || topologies.some((t) => (t.matchLabelExpressions ?? []).every((e) => labels[e.key] !== undefined && (e.values ?? []).includes(labels[e.key])));
}

/** Filter's FindPodVolumes on one node: bound volumes reach it, each delayed claim can be bound or provisioned there. */
export function volumesFitNode(claims: PodClaims, storage: StorageView, node: Node): Status {
  for (const claim of claims.bound) {
    const pv = storage.volumes.get(String(claim.spec?.volumeName));
    if (!pv) return unresolvable(ERR_REASON_PV_NOT_EXIST);
    if (!volumeReachesNode(pv, node)) return unresolvable(ERR_REASON_NODE_CONFLICT);
  }
  for (const claim of claims.delayed) {
    const staticFit = [...storage.volumes.values()].some((pv) => !pv.spec?.claimRef && pv.status?.phase === 'Available' && volumeFits(pv, claim) && volumeReachesNode(pv, node));
    const sc = storage.classes.get(String(claim.spec?.storageClassName));
    if (!staticFit && !(sc && classProvisionsOn(sc, node))) return unresolvable(ERR_REASON_BIND_CONFLICT);
  }
  return SUCCESS;
}

export function newVolumeBinding(): FilterPlugin {
  return {
    name: VOLUME_BINDING,
    // A snapshot built without storage (no pending pod mounts a claim) has nothing to check.
    preFilter(pod, snapshot, state) {
      if (!snapshot.storage) return 'Skip';
      const outcome = podVolumeClaims(pod.pod, snapshot.storage);
      if (outcome === 'Skip' || 'code' in outcome) return outcome;
      state.write(VOLUME_BINDING, outcome);
      return undefined;
    },
    filter(_pod, nodeInfo, snapshot, state) {
      const claims = state.read<PodClaims>(VOLUME_BINDING);
      return claims && snapshot.storage ? volumesFitNode(claims, snapshot.storage, nodeInfo.node) : SUCCESS;
    },
  };
}

/** PreBind, reduced to its annotation: the delayed claims of a just-bound pod that name no node yet. */
export function claimsToSelectNode(pod: Pod, storage: StorageView): PersistentVolumeClaim[] {
  const outcome = podVolumeClaims(pod, storage);
  if (outcome === 'Skip' || 'code' in outcome) return [];
  return outcome.delayed.filter((c) => !c.metadata?.annotations?.['volume.kubernetes.io/selected-node']);
}
