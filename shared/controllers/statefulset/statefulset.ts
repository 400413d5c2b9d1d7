import type { ControllerRevision, PersistentVolumeClaim, Pod, StatefulSet } from '../../api/types';
import { ConflictError } from '../../api/errors';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, update } from '../client';
import type { Controller } from '../controller';
import { recordEvent } from '../events';
import { controllerOwners, objectsOfAny } from '../workloads/routing';
import { planStatefulSet, type StatefulSetPlan } from './statefulset-plan';

const NAME = 'statefulset';
const COMPONENT = 'statefulset-controller';

const stsKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'statefulsets.apps', namespace, name, controller: NAME });
const kube = (o: object): KubeObject => o as KubeObject;

/** Upstream's StatefulSet controller: StatefulSet records and records of its pods name the StatefulSet. */
export const statefulSetController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['statefulsets.apps', 'pods'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'statefulsets.apps') return [stsKey(key.namespace, key.name)];
    if (key.resource !== 'pods') return [];
    return controllerOwners(record, 'apps', 'StatefulSet').names.map((n) => stsKey(key.namespace, n));
  },
  reconcile: (ctx, key) => syncStatefulSet(ctx, String(key.namespace), key.name),
  async resync(ctx) {
    return (await list(ctx, R.statefulsets)).map((s) => stsKey(s.metadata.namespace, String(s.metadata.name)));
  },
};

export async function syncStatefulSet(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const sts = (await get(ctx, R.statefulsets, namespace, name)) as StatefulSet | undefined;
  if (!sts) return {};
  const [pods, claims, revisions] = await Promise.all([list(ctx, R.pods, namespace), list(ctx, R.persistentvolumeclaims, namespace), list(ctx, R.controllerrevisions, namespace)]);
  const plan = planStatefulSet({ sts, pods: pods as Pod[], claims: claims as PersistentVolumeClaim[], revisions: revisions as ControllerRevision[], now: new Date() });
  try {
    return await applyStatefulSetPlan(ctx, sts, plan);
  } catch (err) {
    if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
    throw err;
  }
}

/**
 * History first (pods carry the revision), ownership and claim retention, then claims before the
 * pods that mount them, then deletes, status last. Names are the set's own, so a create that races
 * another reconcile meets AlreadyExists and changes nothing.
 */
async function applyStatefulSetPlan(ctx: RestContext, sts: StatefulSet, plan: StatefulSetPlan): Promise<ReconcileResult> {
  const { history } = plan;
  const setName = String(sts.metadata?.name);
  if (history.create) await create(ctx, R.controllerrevisions, sts.metadata?.namespace, history.create);
  if (history.renumber) await update(ctx, R.controllerrevisions, history.renumber);
  for (const old of history.delete) await remove(ctx, R.controllerrevisions, old);
  for (const pod of [...plan.adopt, ...plan.release, ...plan.relabel]) await update(ctx, R.pods, pod);
  for (const c of plan.updateClaims) await update(ctx, R.persistentvolumeclaims, c);
  for (const c of plan.createClaims) {
    const podName = String(c.metadata?.name).slice(String(c.metadata?.name).indexOf(setName));
    try {
      const made = await create(ctx, R.persistentvolumeclaims, sts.metadata?.namespace, c);
      if (made) await recordEvent(ctx, kube(sts), 'Normal', 'SuccessfulCreate', `create Claim ${String(c.metadata?.name)} Pod ${podName} in StatefulSet ${setName} success`, COMPONENT);
    } catch (err) {
      await recordEvent(ctx, kube(sts), 'Warning', 'FailedCreate', `create Claim ${String(c.metadata?.name)} for Pod ${podName} in StatefulSet ${setName} failed error: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
  }
  for (const p of plan.create) {
    const podName = String(p.metadata?.name);
    try {
      const made = await create(ctx, R.pods, sts.metadata?.namespace, p);
      if (made) await recordEvent(ctx, kube(sts), 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${setName} successful`, COMPONENT);
    } catch (err) {
      await recordEvent(ctx, kube(sts), 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${setName} failed error: ${(err as Error).message}`, COMPONENT);
      throw err;
    }
  }
  for (const p of plan.delete) {
    await remove(ctx, R.pods, p);
    await recordEvent(ctx, kube(sts), 'Normal', 'SuccessfulDelete', `delete Pod ${String(p.metadata?.name)} in StatefulSet ${setName} successful`, COMPONENT);
  }
  if (plan.status) {
    const current = (await get(ctx, R.statefulsets, sts.metadata?.namespace, setName)) as StatefulSet | undefined;
    if (current && current.metadata?.uid === sts.metadata?.uid && current.metadata?.generation === sts.metadata?.generation) {
      await update(ctx, R.statefulsets, kube({ ...current, status: plan.status }), 'status');
    }
  }
  return plan.requeueAfterSeconds === undefined ? {} : { requeueAfterSeconds: plan.requeueAfterSeconds };
}
