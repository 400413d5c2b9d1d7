/** A StatefulSet pod's stable identity and storage (upstream's stateful_set_utils.go), as pure functions. */
import type { OwnerReference, PersistentVolumeClaim, Pod, PodTemplateSpec, StatefulSet } from '../../api/types';
import { newControllerRef } from '../workloads/controller-ref';
import { REVISION_HASH_LABEL } from '../daemonset/history';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** The ordinal in a pod's name `<set>-<ordinal>`, or undefined if the pod is not a member of the set. */
export function ordinalOf(sts: StatefulSet, podName: string | undefined): number | undefined {
  const prefix = `${String(sts.metadata?.name)}-`;
  if (!podName?.startsWith(prefix)) return undefined;
  const rest = podName.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export const podNameOf = (sts: StatefulSet, ordinal: number): string => `${String(sts.metadata?.name)}-${ordinal}`;
export const claimNameOf = (template: PersistentVolumeClaim, sts: StatefulSet, ordinal: number): string => `${String(template.metadata?.name)}-${podNameOf(sts, ordinal)}`;

/** The claims a pod of the set has, by template name (upstream's getPersistentVolumeClaims). */
export function claimsFor(sts: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const out = new Map<string, PersistentVolumeClaim>();
  for (const t of sts.spec?.volumeClaimTemplates ?? []) {
    const labels = { ...(t.metadata?.labels ?? {}), ...(sts.spec?.selector?.matchLabels ?? {}) };
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claimNameOf(t, sts, ordinal), namespace: sts.metadata?.namespace, labels, ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}) },
      spec: structuredClone(t.spec) ?? {},
    };
    out.set(String(t.metadata?.name), claim);
  }
  return out;
}

/** The ref to the set that claim retention `whenDeleted: Delete` puts on claims (upstream makes it a controller ref). */
export function setOwnerRef(sts: StatefulSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: String(sts.metadata?.name), uid: String(sts.metadata?.uid), controller: true, blockOwnerDeletion: true };
}

export function podOwnerRef(pod: Pod): OwnerReference {
  return { apiVersion: 'v1', kind: 'Pod', name: String(pod.metadata?.name), uid: String(pod.metadata?.uid), controller: false, blockOwnerDeletion: true };
}

/**
 * The pod of one ordinal from a template (the update revision's, or the current one's below the
 * partition): its name, identity labels, hostname and subdomain, revision label, and a
 * persistentVolumeClaim volume per claim template in place of a volume of the same name.
 */
export function newStatefulSetPod(sts: StatefulSet, template: PodTemplateSpec, revision: string, ordinal: number): Pod {
  const name = podNameOf(sts, ordinal);
  const spec = structuredClone(template.spec) ?? { containers: [] };
  const claims = claimsFor(sts, ordinal);
  const volumes = (spec.volumes ?? []).filter((v) => !claims.has(v.name));
  for (const [volume, claim] of claims) volumes.push({ name: volume, persistentVolumeClaim: { claimName: String(claim.metadata?.name) } });
  if (volumes.length) spec.volumes = volumes;
  spec.hostname = name;
  if (sts.spec?.serviceName) spec.subdomain = sts.spec.serviceName;
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: sts.metadata?.namespace,
      labels: { ...(meta.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH_LABEL]: revision },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [newControllerRef(sts, 'apps/v1', 'StatefulSet')],
    },
    spec,
  };
}

/** The pod template a revision's patch holds (`{"spec":{"template":{...,"$patch":"replace"}}}`). */
export function templateOfRevision(data: Record<string, unknown> | undefined): PodTemplateSpec | undefined {
  const template = (data?.spec as { template?: Record<string, unknown> } | undefined)?.template;
  if (!template) return undefined;
  const copy = structuredClone(template);
  delete copy.$patch;
  return copy as PodTemplateSpec;
}
