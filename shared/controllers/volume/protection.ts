/** Upstream's PVC protection: a claim being deleted stays while a pod that is not finished mounts it. */
import type { PersistentVolumeClaim, Pod } from '../../api/types';

export function claimInUse(claim: PersistentVolumeClaim, pods: Pod[]): boolean {
  return pods.some(
    (p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata?.name),
  );
}

export function withoutFinalizer<T extends { metadata?: { finalizers?: string[] } }>(obj: T, finalizer: string): T {
  return { ...obj, metadata: { ...obj.metadata, finalizers: (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer) } };
}
