import type { ControllerRevision, DaemonSet, Node, Pod } from '../../api/types';
import { ConflictError } from '../../api/errors';
import { generateName } from '../../api/validation/names';
import type { RestContext } from '../../registry/context';
import { nowTimestamp } from '../../registry/time';
import { earliestRequeue, type ReconcileResult, type WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, update } from '../client';
import type { Controller } from '../controller';
import { recordEvent } from '../events';
import { claimLifetimeSeconds, Expectations, withExpectations } from '../workloads/expectations';
import { controllerOwners, objectsOfAny } from '../workloads/routing';
import { DaemonSetPlan, planDaemonSet } from './daemonset-plan';

const NAME = 'daemonset';
const COMPONENT = 'daemonset-controller';

const dsKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'daemonsets.apps', namespace, name, controller: NAME });

/**
 * Upstream's DaemonSet controller. DaemonSet records and records of its pods name the DaemonSet;
 * a node record (a node joined, left, or changed labels or taints) reconciles every DaemonSet.
 */
export const daemonSetController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['daemonsets.apps', 'pods', 'nodes'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'daemonsets.apps') return [dsKey(key.namespace, key.name)];
    if (key.resource === 'nodes') return [{ resource: 'nodes', name: '*', controller: NAME }];
    if (key.resource !== 'pods') return [];
    return controllerOwners(record, 'apps', 'DaemonSet').names.map((n) => dsKey(key.namespace, n));
  },
  async reconcile(ctx, key) {
    if (key.resource !== 'nodes') return syncDaemonSet(ctx, String(key.namespace), key.name);
    const all = await list(ctx, R.daemonsets);
    return earliestRequeue(await Promise.all(all.map((ds) => syncDaemonSet(ctx, String(ds.metadata.namespace), String(ds.metadata.name)))));
  },
  async resync(ctx) {
    return (await list(ctx, R.daemonsets)).map((d) => dsKey(d.metadata.namespace, String(d.metadata.name)));
  },
};

export async function syncDaemonSet(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const ds = (await get(ctx, R.daemonsets, namespace, name)) as DaemonSet | undefined;
  if (!ds) return {};
  const [nodes, pods, revisions] = await Promise.all([list(ctx, R.nodes), list(ctx, R.pods, namespace), list(ctx, R.controllerrevisions, namespace)]);
  const plan = planDaemonSet({ ds, nodes: nodes as Node[], pods: pods as Pod[], revisions: revisions as ControllerRevision[], now: new Date() });
  try {
    return await applyDaemonSetPlan(ctx, ds, plan);
  } catch (err) {
    if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
    throw err;
  }
}

/** History first (pods carry its hash), ownership, then creates and deletes under a claim, status last. */
async function applyDaemonSetPlan(ctx: RestContext, ds: DaemonSet, plan: DaemonSetPlan): Promise<ReconcileResult> {
  const { history } = plan;
  if (history.create) await create(ctx, R.controllerrevisions, ds.metadata?.namespace, history.create);
  if (history.renumber) await update(ctx, R.controllerrevisions, history.renumber);
  for (const old of history.delete) await remove(ctx, R.controllerrevisions, old);
  for (const pod of [...plan.adopt, ...plan.release]) await update(ctx, R.pods, pod);
  let current = ds;
  if (plan.create.length || plan.delete.length) {
    const pods = plan.create.map((node) => {
      const pod = plan.template(node);
      pod.metadata!.name = generateName(String(pod.metadata?.generateName));
      return pod;
    });
    const claim: Expectations = { add: pods.map((p) => String(p.metadata?.name)), del: plan.delete.map((p) => String(p.metadata?.name)), at: nowTimestamp(), ttl: claimLifetimeSeconds(pods.length + plan.delete.length) };
    current = (await update(ctx, R.daemonsets, withExpectations(current, claim))) as DaemonSet;
    const made = await Promise.allSettled(pods.map((p) => create(ctx, R.pods, ds.metadata?.namespace, p)));
    for (const [i, r] of made.entries()) {
      const podName = String(pods[i].metadata?.name);
      if (r.status === 'fulfilled') await recordEvent(ctx, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, COMPONENT);
      else await recordEvent(ctx, ds, 'Warning', 'FailedCreate', `Error creating: ${(r.reason as Error).message}`, COMPONENT);
    }
    for (const p of plan.delete) {
      if (p.status?.phase === 'Failed') await recordEvent(ctx, ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${String(p.metadata?.namespace)}/${String(p.metadata?.name)} on node ${String(p.spec?.nodeName)}, will try to kill it`, COMPONENT);
      await remove(ctx, R.pods, p);
      await recordEvent(ctx, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${String(p.metadata?.name)}`, COMPONENT);
    }
    const failed = made.some((r) => r.status === 'rejected');
    current = (await update(ctx, R.daemonsets, withExpectations(current, failed ? { add: [], del: [], at: nowTimestamp(), ttl: 5, fails: 1 } : undefined))) as DaemonSet;
  } else if (plan.clearExpectations) {
    current = (await update(ctx, R.daemonsets, withExpectations(current, undefined))) as DaemonSet;
  }
  if (plan.status) await update(ctx, R.daemonsets, { ...current, status: plan.status }, 'status');
  return plan.requeueAfterSeconds === undefined ? {} : { requeueAfterSeconds: plan.requeueAfterSeconds };
}
