import { sameJson } from '../../api/patch/json';
import { ConflictError } from '../../api/errors';
import type { OwnerReference, Pod, PodDisruptionBudget } from '../../api/types';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { current, get, list, R, resource, update } from '../client';
import { Controller, objectsOf } from '../controller';
import { budgetStatus, failSafeStatus, needsScale, podsOfBudget, selectorError } from './budget';
import { recordEvent } from '../events';
import { logger } from '../../logging';

const NAME = 'disruption';
export const PDBS = resource('policy', 'v1', 'poddisruptionbudgets');
const PDB_RESOURCE = 'poddisruptionbudgets.policy';

/**
 * upstream's disruption controller: keeps every PodDisruptionBudget's status (healthy, desired and
 * expected pods, disruptions allowed, the DisruptionAllowed condition) true to its pods. A budget's
 * numbers depend on every pod of its namespace, so the work key is the namespace (`name` is `*`):
 * a burst of pod records in one namespace costs one pass over its budgets.
 */
export const disruptionController: Controller = {
  name: NAME,
  filters: [objectsOf(PDB_RESOURCE), objectsOf('pods')],
  route: (_record, key) => (key?.namespace ? [{ resource: PDB_RESOURCE, namespace: key.namespace, name: '*', controller: NAME }] : []),
  async reconcile(ctx, key) {
    const namespace = key.namespace as string;
    const budgets = (await current(ctx, PDBS, namespace)) as PodDisruptionBudget[];
    if (budgets.length === 0) return {};
    const pods = (await list(ctx, R.pods, namespace)) as Pod[];
    const now = new Date();
    let recheckAt: number | undefined;
    for (const pdb of budgets) {
      if (pdb.metadata?.deletionTimestamp) continue;
      const invalid = selectorError(pdb);
      const covered = podsOfBudget(pdb, pods);
      const scale = !invalid && needsScale(pdb) ? await expectedScale(ctx, namespace, covered) : undefined;
      // One budget that cannot be computed allows nothing and says why; the others are served as usual.
      const next = invalid ? { status: failSafeStatus(pdb, invalid, now), recheckAt: undefined } : budgetStatus(pdb, covered, scale, now);
      if (invalid && !sameJson(next.status, pdb.status)) {
        logger.warn('pod disruption budget has an invalid selector', { namespace, name: pdb.metadata?.name, error: invalid });
        await recordEvent(ctx, pdb as KubeObject, 'Warning', 'SyncFailed', invalid, 'controllermanager');
      }
      if (next.recheckAt !== undefined) recheckAt = Math.min(recheckAt ?? Infinity, next.recheckAt);
      if (sameJson(next.status, pdb.status)) continue;
      try {
        await update(ctx, PDBS, { ...pdb, status: next.status } as KubeObject, 'status');
      } catch (err) {
        // An eviction decremented the budget meanwhile: recompute from what it wrote.
        if (!(err instanceof ConflictError)) throw err;
        return { requeueAfterSeconds: 1 };
      }
    }
    return recheckAt === undefined ? {} : { requeueAfterSeconds: Math.max(1, Math.ceil((recheckAt - now.getTime()) / 1000)) };
  },
  async resync(ctx) {
    const namespaces = new Set((await list(ctx, PDBS)).map((p) => String(p.metadata.namespace)));
    return [...namespaces].map((namespace) => ({ resource: PDB_RESOURCE, namespace, name: '*', controller: NAME }));
  },
};

/**
 * upstream's getExpectedScale: the replicas of the pods' controllers, each counted once. A
 * ReplicaSet managed by a Deployment counts as the Deployment; pods without a controller count
 * nothing; controllers of kinds Skiff does not serve count their pods.
 */
async function expectedScale(ctx: RestContext, namespace: string, pods: Pod[]): Promise<number> {
  const counted = new Map<string, number>();
  for (const pod of pods) {
    const ref = controllerOf(pod.metadata?.ownerReferences);
    if (!ref) continue;
    if (ref.kind !== 'ReplicaSet' || !ref.apiVersion.startsWith('apps/')) {
      counted.set(ref.uid, (counted.get(ref.uid) ?? 0) + 1);
      continue;
    }
    if (counted.has(ref.uid)) continue;
    const rs = await get(ctx, R.replicasets, namespace, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) continue;
    const owner = controllerOf(rs.metadata.ownerReferences as OwnerReference[] | undefined);
    const deployment = owner?.kind === 'Deployment' ? await get(ctx, R.deployments, namespace, owner.name) : undefined;
    const scaleOwner = deployment && deployment.metadata.uid === owner?.uid ? deployment : rs;
    counted.set(ref.uid, 0);
    counted.set(String(scaleOwner.metadata.uid), replicasOf(scaleOwner));
  }
  return [...counted.values()].reduce((a, b) => a + b, 0);
}

const controllerOf = (refs: OwnerReference[] | undefined): OwnerReference | undefined => refs?.find((r) => r.controller);
const replicasOf = (obj: KubeObject): number => Number((obj.spec as { replicas?: number } | undefined)?.replicas ?? 1);
