import type { Deployment, Pod, ReplicaSet } from '../../api/types';
import { matchesLabelSelector } from '../../api/selectors/labels';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { earliestRequeue, type ReconcileResult, type WorkKey } from '../../runtime/work';
import { create, get, list, R, remove, update } from '../client';
import { Controller } from '../controller';
import { controllerRefOf } from './controller-ref';
import { newCondition, PROGRESSING, setCondition } from './deployment-status';
import { DeploymentPlan, planDeployment } from './deployment-plan';
import { recordEvent } from '../events';
import { equalIgnoreHash } from './pod-template-hash';
import { controllerOwners, objectsOfAny } from './routing';

const NAME = 'deployment';
const COMPONENT = 'deployment-controller';

const deploymentKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'deployments.apps', namespace, name, controller: NAME });

/**
 * Upstream's Deployment controller: one ReplicaSet per pod template, rolled by strategy. Deployment
 * records name the Deployment; ReplicaSet records name the Deployment that controls (or controlled)
 * the ReplicaSet, read from the record's images; an orphan ReplicaSet is routed as its own key, whose
 * reconcile syncs the Deployments that may adopt it.
 */
export const deploymentController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['deployments.apps', 'replicasets.apps'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'deployments.apps') return [deploymentKey(key.namespace, key.name)];
    if (key.resource !== 'replicasets.apps') return [];
    const owners = controllerOwners(record, 'apps', 'Deployment');
    const keys = owners.names.map((n) => deploymentKey(key.namespace, n));
    if (!owners.known || owners.orphan) keys.push({ ...key, controller: NAME });
    return keys;
  },
  async reconcile(ctx, key) {
    if (key.resource === 'replicasets.apps') return reconcileForReplicaSet(ctx, key);
    return syncDeployment(ctx, String(key.namespace), key.name);
  },
  async resync(ctx) {
    return (await list(ctx, R.deployments)).map((d) => deploymentKey(d.metadata.namespace, String(d.metadata.name)));
  },
};

async function reconcileForReplicaSet(ctx: RestContext, key: WorkKey): Promise<ReconcileResult> {
  const namespace = String(key.namespace);
  const rs = (await get(ctx, R.replicasets, namespace, key.name)) as ReplicaSet | undefined;
  const ref = rs ? controllerRefOf(rs) : undefined;
  if (ref) return ref.kind === 'Deployment' ? syncDeployment(ctx, namespace, ref.name) : {};
  const all = (await list(ctx, R.deployments, namespace)) as Deployment[];
  const candidates = rs ? all.filter((d) => selects(d, rs)) : all;
  const results: ReconcileResult[] = [];
  for (const d of candidates) results.push(await syncDeployment(ctx, namespace, String(d.metadata?.name)));
  return earliestRequeue(results);
}

function selects(d: Deployment, rs: ReplicaSet): boolean {
  try {
    return matchesLabelSelector(d.spec?.selector, rs.metadata?.labels);
  } catch {
    return false;
  }
}

/** Re-reads the Deployment, its namespace's ReplicaSets and (for Recreate) pods; plans and applies. */
export async function syncDeployment(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const d = (await get(ctx, R.deployments, namespace, name)) as Deployment | undefined;
  if (!d) return {};
  const replicaSets = (await list(ctx, R.replicasets, namespace)) as ReplicaSet[];
  const pods = d.spec?.strategy?.type === 'Recreate' ? ((await list(ctx, R.pods, namespace)) as Pod[]) : [];
  const plan = planDeployment({ deployment: d, replicaSets, pods, now: new Date() });
  return applyDeploymentPlan(ctx, d, plan);
}

/** The thin applier: ReplicaSet writes in the order upstream makes them, the Deployment's own last. */
export async function applyDeploymentPlan(ctx: RestContext, d: Deployment, plan: DeploymentPlan): Promise<ReconcileResult> {
  for (const rs of plan.release) await update(ctx, R.replicasets, rs);
  if (plan.create && !(await createReplicaSet(ctx, d, plan))) return {};
  for (const write of plan.update) {
    await update(ctx, R.replicasets, write.rs);
    for (const e of write.events) await recordEvent(ctx, d, e.type, e.reason, e.message, COMPONENT);
  }
  for (const rs of plan.delete) await remove(ctx, R.replicasets, rs);
  let current = d;
  if (plan.annotations) {
    current = await update(ctx, R.deployments, { ...d, metadata: { ...d.metadata, annotations: plan.annotations } });
  }
  if (plan.status) await update(ctx, R.deployments, { ...current, status: plan.status }, 'status');
  return plan.requeueAfterSeconds === undefined ? {} : { requeueAfterSeconds: plan.requeueAfterSeconds };
}

/**
 * Creates the new ReplicaSet. Its name is taken by another template (a hash collision): bump
 * status.collisionCount so the next sync hashes to another name, as upstream does. Returns
 * whether the rest of the plan may go on.
 */
async function createReplicaSet(ctx: RestContext, d: Deployment, plan: DeploymentPlan): Promise<boolean> {
  const rs = plan.create as ReplicaSet;
  let created: KubeObject | undefined;
  try {
    created = await create(ctx, R.replicasets, d.metadata?.namespace, rs);
  } catch (err) {
    const msg = `Failed to create new replica set "${String(rs.metadata?.name)}": ${(err as Error).message}`;
    await recordEvent(ctx, d, 'Warning', 'ReplicaSetCreateError', msg, COMPONENT);
    const status = structuredClone(d.status ?? {});
    setCondition(status, newCondition(PROGRESSING, 'False', 'ReplicaSetCreateError', msg, new Date()));
    await update(ctx, R.deployments, { ...d, status }, 'status').catch(() => undefined);
    throw err;
  }
  if (created) {
    for (const e of plan.createEvents) await recordEvent(ctx, d, e.type, e.reason, e.message, COMPONENT);
    return true;
  }
  const existing = (await get(ctx, R.replicasets, d.metadata?.namespace, String(rs.metadata?.name))) as ReplicaSet | undefined;
  // Ours after all (created concurrently): its record brings this Deployment round again.
  if (existing && controllerRefOf(existing)?.uid === d.metadata?.uid && equalIgnoreHash(existing.spec?.template, d.spec?.template)) return false;
  const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
  await update(ctx, R.deployments, { ...d, status }, 'status');
  return false;
}

