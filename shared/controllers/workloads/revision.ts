import type { Deployment, ReplicaSet } from '../../api/types';
import { EXPECTATIONS_ANNOTATION } from './expectations';

/**
 * The annotations that record a Deployment's rollout history on its ReplicaSets, as upstream's
 * deployment util writes them (`kubectl rollout history` and `undo` read them).
 */
export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** Upstream caps the revision history annotation at 2000 characters. */
const MAX_REVISION_HISTORY_CHARS = 2000;

/**
 * Deployment annotations never copied to its ReplicaSets. Upstream's list, plus the ReplicaSet
 * controller's expectations: `kubectl rollout undo` copies a ReplicaSet's annotations onto the
 * Deployment, and a claim copied back would fight the controller that clears it.
 */
const SKIPPED = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO, EXPECTATIONS_ANNOTATION]);

/** The revision number of an object, 0 when unset, NaN when unparsable. */
export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const v = obj.metadata?.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

export function maxRevision(rsList: ReplicaSet[]): number {
  return rsList.reduce((max, rs) => {
    const v = revisionOf(rs);
    return Number.isNaN(v) ? max : Math.max(max, v);
  }, 0);
}

/**
 * Upstream's SetNewReplicaSetAnnotations: copies the Deployment's annotations (but the skipped
 * ones), raises the revision to `newRevision` when lower, remembering the old one in the revision
 * history (a rollback revives an old ReplicaSet under a new number), and on creation records the
 * desired and max replicas. Mutates `rs`; returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, maxSurge: number): boolean {
  const meta = (rs.metadata ??= {});
  const annotations = (meta.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (SKIPPED.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION];
  const old = oldRevision === undefined ? 0 : /^\d+$/.test(oldRevision) ? Number(oldRevision) : NaN;
  if (Number.isNaN(old)) return changed;
  if (old < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) appendHistory(annotations, oldRevision);
  }
  if (!exists && setReplicasAnnotations(rs, d.spec?.replicas ?? 1, (d.spec?.replicas ?? 1) + maxSurge)) changed = true;
  return changed;
}

function appendHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY];
  if (!history) {
    annotations[REVISION_HISTORY] = oldRevision;
    return;
  }
  const entries = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < entries.length) total -= entries[start++].length + 1;
  if (total <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...entries.slice(start), oldRevision].join(',');
}

/** Records the Deployment's desired and max (desired + surge) replicas on a ReplicaSet; returns whether they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = ((rs.metadata ??= {}).annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS] !== String(desired)) {
    annotations[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS] !== String(max)) {
    annotations[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = rs.metadata?.annotations ?? {};
  return annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max);
}

/** An integer annotation of a ReplicaSet, if set and valid. */
export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** Sets the Deployment's revision annotation; returns whether it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = ((d.metadata ??= {}).annotations ??= {});
  if (annotations[REVISION] === revision) return false;
  annotations[REVISION] = revision;
  return true;
}
