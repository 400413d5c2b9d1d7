import type { ControllerRevision, ObjectMeta, PodTemplateSpec } from '../../api/types';
import { sameJson } from '../../api/patch/json';
import { computeHash } from '../workloads/pod-template-hash';
import { controllerRefOf, newControllerRef } from '../workloads/controller-ref';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** What history needs of its owner (a DaemonSet or a StatefulSet, which keep revisions alike). */
export interface HistoryOwner {
  metadata?: ObjectMeta;
  spec?: { template?: PodTemplateSpec; revisionHistoryLimit?: number };
  status?: { collisionCount?: number };
}

/**
 * A DaemonSet's ControllerRevisions as upstream keeps them (pkg/controller/daemon/update.go): each
 * holds the strategic merge patch `{"spec":{"template":{...,"$patch":"replace"}}}` that
 * `kubectl rollout undo` applies to go back to it, named `<ds>-<hash>`, numbered in order of use.
 */
export function revisionPatch(ds: HistoryOwner): Record<string, unknown> {
  const template = JSON.parse(JSON.stringify(ds.spec?.template ?? {})) as Record<string, unknown>;
  template.$patch = 'replace';
  return { spec: { template } };
}

export interface HistoryPlan {
  /** The hash of the template the DaemonSet wants now (its pods' controller-revision-hash). */
  hash: string;
  /** A revision to create, or one to renumber (reused after a rollback) as the newest. */
  create?: ControllerRevision;
  renumber?: ControllerRevision;
  /** Old revisions past revisionHistoryLimit that no pod uses. */
  delete: ControllerRevision[];
}

export function planHistory(ds: HistoryOwner, revisions: ControllerRevision[], hashesInUse: Set<string>, kind = 'DaemonSet'): HistoryPlan {
  const owned = revisions.filter((r) => controllerRefOf(r)?.uid === ds.metadata?.uid).sort((a, b) => a.revision - b.revision);
  const patch = revisionPatch(ds);
  const max = owned.reduce((m, r) => Math.max(m, r.revision), 0);
  const match = owned.find((r) => sameJson(r.data, patch));
  const plan: HistoryPlan = { hash: '', delete: [] };
  if (match) {
    plan.hash = match.metadata?.labels?.[REVISION_HASH_LABEL] ?? computeHash(ds.spec?.template, ds.status?.collisionCount);
    if (match.revision < max) plan.renumber = { ...match, revision: max + 1 };
  } else {
    plan.hash = computeHash(ds.spec?.template, ds.status?.collisionCount);
    plan.create = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${String(ds.metadata?.name)}-${plan.hash}`,
        namespace: ds.metadata?.namespace,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: plan.hash },
        ownerReferences: [newControllerRef(ds, 'apps/v1', kind)],
      },
      data: patch,
      revision: max + 1,
    };
  }
  const limit = ds.spec?.revisionHistoryLimit ?? 10;
  const old = owned.filter((r) => r !== match && !hashesInUse.has(r.metadata?.labels?.[REVISION_HASH_LABEL] ?? ''));
  plan.delete = old.slice(0, Math.max(0, old.length - limit));
  return plan;
}
