import type { ConfigMap, Pod } from '../../api/types';
import { requestToken } from '../../auth/authn/token-request';
import { get, resource } from '../../controllers/client';
import type { RestContext } from '../../registry/context';

const CONFIGMAPS = resource('', 'v1', 'configmaps');

/**
 * What a node provider writes for a pod's projected volumes, as the kubelet does: each
 * serviceAccountToken source a TokenRequest bound to the pod (its audience, its lifetime), each
 * ConfigMap source its keys, each downwardAPI source the pod fields it names. Files are keyed by
 * the path a container reads them at (its volumeMount's mountPath joined with the file's path).
 * Shared by the node providers: the simulated runtime keeps the files in memory; on ECS the pod
 * token endpoint answers the token and downward API files to the task's `skiff-token` sidecar
 * (see docs/authentication.md).
 */
export interface ProjectedFiles {
  /** container name -> absolute path -> contents. */
  files: Map<string, Map<string, string>>;
  /** When the earliest token should be renewed (ms): at 80% of its lifetime, as the kubelet does. */
  refreshAt?: number;
}

/** Labels and annotations as the kubelet writes them: `key="value"` lines, sorted by key. */
const formatMap = (m: Record<string, string> | undefined): string =>
  Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify((m ?? {})[k])}`).join('\n');

function downward(pod: Pod, fieldPath: string): string | undefined {
  const m = pod.metadata ?? {};
  if (fieldPath === 'metadata.labels') return formatMap(m.labels ?? undefined);
  if (fieldPath === 'metadata.annotations') return formatMap(m.annotations ?? undefined);
  if (fieldPath === 'metadata.namespace') return m.namespace ?? undefined;
  if (fieldPath === 'metadata.name') return m.name ?? undefined;
  if (fieldPath === 'metadata.uid') return m.uid ?? undefined;
  if (fieldPath === 'spec.serviceAccountName') return pod.spec?.serviceAccountName ?? undefined;
  if (fieldPath === 'spec.nodeName') return pod.spec?.nodeName ?? undefined;
  return undefined;
}

/**
 * Each projected volume's files by their path inside the volume; with `tokensOnly`, only the
 * serviceAccountToken and downwardAPI sources (what the ECS token sidecar writes).
 */
export async function projectedVolumeFiles(ctx: RestContext, pod: Pod, now = Date.now(), tokensOnly = false): Promise<{ volumes: Map<string, Map<string, string>>; refreshAt?: number }> {
  const ns = String(pod.metadata?.namespace);
  const volumes = new Map<string, Map<string, string>>();
  let refreshAt: number | undefined;
  for (const v of pod.spec?.volumes ?? []) {
    if (!v.projected) continue;
    const files = new Map<string, string>();
    for (const src of v.projected.sources ?? []) {
      if (src.serviceAccountToken) {
        const t = src.serviceAccountToken;
        const tr = await requestToken(ctx, ns, pod.spec?.serviceAccountName ?? 'default', {
          ...(t.audience ? { audiences: [t.audience] } : {}),
          expirationSeconds: t.expirationSeconds ?? 3600,
          boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: String(pod.metadata?.name), uid: String(pod.metadata?.uid) },
        });
        files.set(t.path, tr.status?.token ?? '');
        const lifetime = (tr.spec?.expirationSeconds ?? 3600) * 1000;
        const at = now + lifetime * 0.8;
        refreshAt = refreshAt === undefined ? at : Math.min(refreshAt, at);
      }
      if (src.configMap && !tokensOnly) {
        let cm = (await get(ctx, CONFIGMAPS, ns, src.configMap.name ?? '')) as ConfigMap | undefined;
        // A namespace's kube-root-ca.crt may not be published yet: the kubelet's CA is the same bundle.
        if (!cm && src.configMap.name === 'kube-root-ca.crt' && ctx.serviceAccountTokens?.rootCaCert) cm = { data: { 'ca.crt': ctx.serviceAccountTokens.rootCaCert } };
        const items = src.configMap.items ?? Object.keys(cm?.data ?? {}).map((key) => ({ key, path: key }));
        for (const it of items) if (cm?.data?.[it.key] !== undefined) files.set(it.path, cm.data[it.key]);
      }
      for (const it of src.downwardAPI?.items ?? []) {
        const value = it.fieldRef ? downward(pod, it.fieldRef.fieldPath) : undefined;
        if (value !== undefined) files.set(it.path, value);
      }
    }
    volumes.set(v.name, files);
  }
  return { volumes, refreshAt };
}

/** The projected files as each container sees them, under its volumeMounts. */
export async function projectedFiles(ctx: RestContext, pod: Pod, now = Date.now()): Promise<ProjectedFiles> {
  const { volumes, refreshAt } = await projectedVolumeFiles(ctx, pod, now);
  const files = new Map<string, Map<string, string>>();
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    const mine = new Map<string, string>();
    for (const m of c.volumeMounts ?? []) {
      for (const [p, content] of volumes.get(m.name) ?? []) mine.set(`${m.mountPath.replace(/\/$/, '')}/${p}`, content);
    }
    files.set(c.name, mine);
  }
  return { files, refreshAt };
}
