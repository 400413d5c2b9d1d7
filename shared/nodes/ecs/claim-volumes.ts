import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../../api/types';
import { get, R } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import { ConfigError } from './inputs';

/**
 * The PV behind each claim a pod mounts, by claim name. As the kubelet mounts no volume of an
 * unbound claim, a pod whose claim is missing or not Bound waits (a `volume` ConfigError:
 * ContainerCreating with FailedMount), with the kubelet's messages.
 */
export async function resolveClaimVolumes(ctx: RestContext, pod: Pod): Promise<Map<string, PersistentVolume>> {
  const ns = pod.metadata?.namespace ?? 'default';
  const out = new Map<string, PersistentVolume>();
  for (const v of pod.spec?.volumes ?? []) {
    const name = v.persistentVolumeClaim?.claimName;
    if (!name || out.has(name)) continue;
    const claim = (await get(ctx, R.persistentvolumeclaims, ns, name)) as PersistentVolumeClaim | undefined;
    if (!claim) throw new ConfigError(`error processing PVC ${ns}/${name}: failed to fetch PVC from API server: persistentvolumeclaims "${name}" not found`, 'volume');
    const pvName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !pvName) throw new ConfigError(`PVC ${ns}/${name} has non-bound phase ("${claim.status?.phase ?? 'Pending'}") or empty pvc.Spec.VolumeName ("${pvName ?? ''}")`, 'volume');
    const pv = (await get(ctx, R.persistentvolumes, undefined, pvName)) as PersistentVolume | undefined;
    if (!pv) throw new ConfigError(`error processing PVC ${ns}/${name}: failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`, 'volume');
    out.set(name, pv);
  }
  return out;
}
