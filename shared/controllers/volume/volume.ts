import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../api/types';
import { ConflictError } from '../../api/errors';
import type { KubeObject } from '../../registry/resource';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, update, updateStatusOf } from '../client';
import type { Controller } from '../controller';
import { recordEvent } from '../events';
import { imagesOf } from '../workloads/record-images';
import { objectsOfAny } from '../workloads/routing';
import { planClaim, planVolume } from './binder-plan';
import { claimInUse, withoutFinalizer } from './protection';
import { PROVISIONED_BY, provisionedVolume, SIMULATED_PROVISIONER, simulatedSource } from './provisioner';
import { RETRY_SECONDS, type VolumeContext, type VolumeSource } from './provisioners';
import { PV_PROTECTION, PVC_PROTECTION } from '../../registry/kinds/storage-admission';

const NAME = 'persistentvolume-binder';
const COMPONENT = 'persistentvolume-controller';
const kube = (o: object): KubeObject => o as KubeObject;
const claimKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'persistentvolumeclaims', namespace, name, controller: NAME });
const volumeKey = (name: string): WorkKey => ({ resource: 'persistentvolumes', name, controller: NAME });

/** The provisioners this controller-manager runs: the simulated one, and those its context brings (EFS on AWS). */
const provisionersOf = (ctx: VolumeContext): Set<string> => new Set([SIMULATED_PROVISIONER, ...(ctx.volumeProvisioners ?? []).map((p) => p.name)]);

/**
 * Upstream's PV binder, its in-tree provisioning, and the PVC and PV protection controllers.
 * Claims, volumes and classes name themselves; a pod record names the claims it mounts (a
 * WaitForFirstConsumer claim waits for its scheduled pod; a protected claim for its last pod).
 */
export const volumeController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['persistentvolumeclaims', 'persistentvolumes', 'pods', 'storageclasses.storage.k8s.io'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'persistentvolumeclaims') return [claimKey(key.namespace, key.name)];
    if (key.resource === 'persistentvolumes') {
      const images = imagesOf(record);
      const ref = ((images.new ?? images.old)?.spec as PersistentVolume['spec'] | undefined)?.claimRef;
      return [volumeKey(key.name), ...(ref?.name ? [claimKey(ref.namespace, ref.name)] : [])];
    }
    if (key.resource === 'storageclasses.storage.k8s.io') return [];
    const images = imagesOf(record);
    if (!images.known) return [];
    const names = new Set<string>();
    for (const pod of [images.old, images.new]) for (const v of ((pod?.spec as Pod['spec'] | undefined)?.volumes ?? [])) if (v.persistentVolumeClaim) names.add(v.persistentVolumeClaim.claimName);
    return [...names].map((n) => claimKey(key.namespace, n));
  },
  async reconcile(ctx, key) {
    try {
      return key.resource === 'persistentvolumes' ? await syncVolume(ctx, key.name) : await syncClaim(ctx, String(key.namespace), key.name);
    } catch (err) {
      if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
      throw err;
    }
  },
  async resync(ctx) {
    const claims = (await list(ctx, R.persistentvolumeclaims)).map((c) => claimKey(c.metadata.namespace, String(c.metadata.name)));
    return [...claims, ...(await list(ctx, R.persistentvolumes)).map((v) => volumeKey(String(v.metadata.name)))];
  },
};

async function syncClaim(ctx: VolumeContext, namespace: string, name: string): Promise<ReconcileResult> {
  const claim = (await get(ctx, R.persistentvolumeclaims, namespace, name)) as PersistentVolumeClaim | undefined;
  if (!claim) return {};
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  if (claim.metadata?.deletionTimestamp) {
    if (claim.metadata.finalizers?.includes(PVC_PROTECTION) && !claimInUse(claim, pods)) await update(ctx, R.persistentvolumeclaims, withoutFinalizer(claim, PVC_PROTECTION));
    return {};
  }
  const [volumes, classes] = await Promise.all([list(ctx, R.persistentvolumes), list(ctx, R.storageclasses)]);
  const action = planClaim(claim, volumes as PersistentVolume[], classes as StorageClass[], pods, provisionersOf(ctx));
  switch (action.type) {
    case 'bindVolume':
      await update(ctx, R.persistentvolumes, action.volume);
      return {};
    case 'bindClaim': {
      const stored = (await update(ctx, R.persistentvolumeclaims, { ...action.claim, status: claim.status })) as PersistentVolumeClaim;
      await update(ctx, R.persistentvolumeclaims, kube({ ...stored, status: action.claim.status }), 'status');
      return {};
    }
    case 'lost':
      await updateStatusOf(ctx, R.persistentvolumeclaims, claim, () => action.claim.status);
      await recordEvent(ctx, kube(claim), 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!', COMPONENT);
      return {};
    case 'provision': {
      // A retry after a failed provision finds the claim annotated already: writing it again would
      // wake this controller at once through the stream instead of after RETRY_SECONDS.
      const same = JSON.stringify(claim.metadata?.annotations ?? {}) === JSON.stringify(action.claim.metadata?.annotations ?? {});
      const annotated = same ? claim : ((await update(ctx, R.persistentvolumeclaims, action.claim)) as PersistentVolumeClaim);
      const pvName = `pvc-${String(claim.metadata?.uid)}`;
      const external = ctx.volumeProvisioners?.find((p) => p.name === action.class.provisioner);
      let source: VolumeSource;
      try {
        source = external ? await external.provision(annotated, action.class, pvName) : simulatedSource(pvName);
      } catch (err) {
        // As the external-provisioner reports it; the claim stays Pending and is tried again.
        await recordEvent(ctx, kube(claim), 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${String(action.class.metadata?.name)}": ${errorText(err)}`, action.class.provisioner);
        return { requeueAfterSeconds: RETRY_SECONDS };
      }
      const pv = provisionedVolume(annotated, action.class, source);
      await create(ctx, R.persistentvolumes, undefined, pv);
      await recordEvent(ctx, kube(claim), 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${String(pv.metadata?.name)}`, action.class.provisioner);
      return {};
    }
    case 'event':
      await recordEvent(ctx, kube(claim), action.warning ? 'Warning' : 'Normal', action.reason, action.message, COMPONENT);
      return {};
    default:
      return {};
  }
}

async function syncVolume(ctx: VolumeContext, name: string): Promise<ReconcileResult> {
  const pv = (await get(ctx, R.persistentvolumes, undefined, name)) as PersistentVolume | undefined;
  if (!pv) return {};
  const ref = pv.spec?.claimRef;
  const claim = ref?.name ? ((await get(ctx, R.persistentvolumeclaims, ref.namespace, ref.name)) as PersistentVolumeClaim | undefined) : undefined;
  if (pv.metadata?.deletionTimestamp) {
    // PV protection: a volume being deleted keeps its finalizer while a claim is bound to it.
    const bound = !!claim && claim.metadata?.uid === ref?.uid;
    if (pv.metadata.finalizers?.includes(PV_PROTECTION) && !bound) await update(ctx, R.persistentvolumes, withoutFinalizer(pv, PV_PROTECTION));
    return {};
  }
  const action = planVolume(pv, claim);
  if (action.type === 'phase') await updateStatusOf(ctx, R.persistentvolumes, pv, (current) => ({ ...(current.status as object), phase: action.phase, lastPhaseTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }));
  if (action.type === 'reclaimDelete') {
    // A simulated volume has nothing behind it; deleting the PV is the whole reclaim. An external
    // provisioner's volume is deleted by it first (left Released while none runs here, as upstream).
    const by = pv.metadata?.annotations?.[PROVISIONED_BY];
    const external = by && by !== SIMULATED_PROVISIONER ? ctx.volumeProvisioners?.find((p) => p.name === by) : undefined;
    if (by && by !== SIMULATED_PROVISIONER && !external) return {};
    try {
      await external?.delete(pv);
    } catch (err) {
      await recordEvent(ctx, kube(pv), 'Warning', 'VolumeFailedDelete', errorText(err), by ?? COMPONENT);
      return { requeueAfterSeconds: RETRY_SECONDS };
    }
    await remove(ctx, R.persistentvolumes, pv);
  }
  return {};
}

/** An AWS error as the CSI driver words it: its code and message. */
function errorText(err: unknown): string {
  const e = err as Error;
  return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : String(e.message ?? err);
}
