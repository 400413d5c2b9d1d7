import type { Pod } from '../api/types';
import { get, R } from '../controllers/client';
import type { RestContext } from '../registry/context';

/**
 * The claims of a pod's volumes that are not Bound yet (missing ones included): the kubelet mounts
 * every volume before it starts a container, so a pod with one of these waits in ContainerCreating.
 * Generic ephemeral volumes are not waited for: nothing creates their claims yet (docs/volumes.md).
 */
export async function unboundClaims(ctx: RestContext, pod: Pod): Promise<string[]> {
  const names = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
  const namespace = String(pod.metadata?.namespace);
  const waiting: string[] = [];
  for (const name of names) {
    const claim = await get(ctx, R.persistentvolumeclaims, namespace, name);
    if (claim?.status?.phase !== 'Bound') waiting.push(name);
  }
  return waiting;
}
