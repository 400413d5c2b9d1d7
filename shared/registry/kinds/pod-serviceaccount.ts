import { randomInt } from 'node:crypto';
import { ForbiddenError } from '../../api/errors';
import type { Pod, ServiceAccount } from '../../api/types';
import { storageKey } from '../resource';
import { cachedGet } from '../../admission/cache';
import type { KubeObject, StrategyContext } from '../resource';

/**
 * Upstream's ServiceAccount admission for a new pod: `default` when none is named, a named one
 * must exist, and unless automountServiceAccountToken is false (the pod's setting wins over the
 * account's) the `kube-api-access-<random>` projected volume (token, ca.crt, namespace) mounted
 * read-only at /var/run/secrets/kubernetes.io/serviceaccount in every container.
 */
export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
/** A bit more than an hour, as upstream: the kubelet refreshes the token well before. */
export const PROJECTED_TOKEN_SECONDS = 3607;
const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

export function apiAccessVolume(name: string): NonNullable<NonNullable<Pod['spec']>['volumes']>[number] {
  return {
    name,
    projected: {
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: PROJECTED_TOKEN_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIGMAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** Pure: the pod with its token volume and mounts, given its service account (if found). */
export function mountServiceAccountToken(pod: Pod, sa: ServiceAccount | undefined, suffix: string): void {
  const spec = pod.spec;
  if (!spec) return;
  const auto = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
  if (!auto) return;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  if (containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH))) return;
  const name = `kube-api-access-${suffix}`;
  spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(name)];
  for (const c of containers) c.volumeMounts = [...(c.volumeMounts ?? []), { name, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
}

export async function admitServiceAccount(ctx: StrategyContext, obj: KubeObject): Promise<void> {
  const pod = obj as Pod;
  const spec = pod.spec;
  if (!spec) return;
  const name = spec.serviceAccountName || spec.serviceAccount || 'default';
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  const namespace = String(obj.metadata.namespace);
  // Read through admission's cache (at most 1 s old, as upstream reads its informer); a miss is read live.
  const sa = await cachedGet<ServiceAccount>(ctx, storageKey({ group: '', resource: 'serviceaccounts' }), namespace, name);
  // The `default` account may still be on its way in a new namespace (the controller makes it): not an error.
  if (!sa && name !== 'default') {
    throw new ForbiddenError({ group: '', resource: 'pods' }, String(obj.metadata.name ?? obj.metadata.generateName ?? ''), `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  }
  const suffix = Array.from({ length: 5 }, () => NAME_CHARS[randomInt(NAME_CHARS.length)]).join('');
  mountServiceAccountToken(pod, sa, suffix);
}
