import { sameJson } from '../api/patch/json';
import type { ClusterRole, ClusterRoleBinding } from '../api/types';
import { covers } from '../auth/rbac/escalation';

export const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';

/**
 * What reconciling a bootstrap object does (upstream's `kubectl auth reconcile` semantics, which
 * kube-apiserver's bootstrap uses): create it when missing; leave it alone when its autoupdate
 * annotation is "false"; otherwise add what it lacks (rules, aggregation selectors, labels,
 * annotations, subjects) and keep everything a user added. A binding whose roleRef changed is
 * recreated, since roleRef is immutable.
 */
export type Plan<T> = { action: 'create'; object: T } | { action: 'update'; object: T } | { action: 'recreate'; object: T } | { action: 'none' };

const optedOut = (o: { metadata?: { annotations?: Record<string, string> } }): boolean => o.metadata?.annotations?.[AUTOUPDATE] === 'false';

function mergedMeta<T extends { metadata?: ClusterRole['metadata'] }>(expected: T, existing: T): ClusterRole['metadata'] {
  const labels = { ...expected.metadata?.labels, ...existing.metadata?.labels };
  const annotations = { ...expected.metadata?.annotations, ...existing.metadata?.annotations };
  return {
    ...existing.metadata,
    ...(Object.keys(labels).length ? { labels } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
}

export function reconcileClusterRole(expected: ClusterRole, existing: ClusterRole | undefined): Plan<ClusterRole> {
  if (!existing) return { action: 'create', object: expected };
  if (optedOut(existing)) return { action: 'none' };
  const result: ClusterRole = { ...existing, metadata: mergedMeta(expected, existing) };
  if (expected.aggregationRule) {
    const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
    const missing = (expected.aggregationRule.clusterRoleSelectors ?? []).filter((s) => !have.some((h) => sameJson(h, s)));
    result.aggregationRule = { clusterRoleSelectors: [...have, ...missing] };
  } else {
    const { missing } = covers(existing.rules ?? [], expected.rules ?? []);
    if (missing.length > 0) result.rules = [...(existing.rules ?? []), ...missing];
  }
  return sameJson(result, existing) ? { action: 'none' } : { action: 'update', object: result };
}

export function reconcileClusterRoleBinding(expected: ClusterRoleBinding, existing: ClusterRoleBinding | undefined): Plan<ClusterRoleBinding> {
  if (!existing) return { action: 'create', object: expected };
  if (optedOut(existing)) return { action: 'none' };
  const have = existing.subjects ?? [];
  const missing = (expected.subjects ?? []).filter((s) => !have.some((h) => h.kind === s.kind && h.name === s.name && (h.namespace ?? '') === (s.namespace ?? '')));
  const result: ClusterRoleBinding = { ...existing, metadata: mergedMeta(expected, existing), subjects: [...have, ...missing] };
  if (!sameJson(existing.roleRef, expected.roleRef)) {
    return { action: 'recreate', object: { ...result, roleRef: expected.roleRef, metadata: { name: existing.metadata?.name, labels: result.metadata?.labels, annotations: result.metadata?.annotations } } };
  }
  return sameJson(result, existing) ? { action: 'none' } : { action: 'update', object: result };
}
