import { forEachLimit } from '../concurrency';
import { AlreadyExistsError } from '../api/errors';
import { ClusterRole, ClusterRoleBinding } from '../api/types';
import { aggregateClusterRoles } from '../controllers/rbac/clusterrole-aggregation';
import { findResource } from '../registry/catalog';
import type { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { deleteObject } from '../registry/delete';
import { ResourceDef, storageKey } from '../registry/resource';
import { updateObject } from '../registry/update';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './rbac-policy';
import { Plan, reconcileClusterRole, reconcileClusterRoleBinding } from './rbac-reconcile';

/** Roles and bindings reconciled at once: each is read and written on its own. */
const PARALLEL = 8;
const WRITE = { dryRun: false, fieldValidation: 'Strict' as const, fieldManager: 'kube-apiserver' };

async function apply<T extends { metadata?: { name?: string } }>(ctx: RestContext, def: ResourceDef, plan: Plan<T>): Promise<void> {
  if (plan.action === 'none') return;
  const name = String(plan.object.metadata?.name);
  if (plan.action === 'recreate') await deleteObject(ctx, def, undefined, name, { dryRun: false });
  if (plan.action === 'update') {
    await updateObject(ctx, def, undefined, name, undefined, () => plan.object, WRITE);
    return;
  }
  try {
    await createObject(ctx, def, undefined, plan.object, WRITE);
  } catch (err) {
    // Another process bootstrapping at the same moment created it: its copy is the bootstrap's.
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}

/**
 * Reconciles the bootstrap RBAC policy at start, as kube-apiserver's rbac/bootstrap-roles hook:
 * each bootstrap ClusterRole and ClusterRoleBinding is created or topped up (never overwritten);
 * objects that are not bootstrap objects are never read or written. Aggregated roles are filled
 * once here, so the cluster starts converged; the aggregation controller keeps them so.
 */
export async function bootstrapRbac(ctx: RestContext): Promise<void> {
  const roles = findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles') as ResourceDef;
  const bindings = findResource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings') as ResourceDef;
  await forEachLimit(BOOTSTRAP_CLUSTER_ROLES, PARALLEL, async (expected) => {
    const existing = await ctx.store.get(storageKey(roles), undefined, String(expected.metadata?.name));
    await apply(ctx, roles, reconcileClusterRole(structuredClone(expected), existing ? ClusterRole.parse(existing) : undefined));
  });
  await forEachLimit(BOOTSTRAP_CLUSTER_ROLE_BINDINGS, PARALLEL, async (expected) => {
    const existing = await ctx.store.get(storageKey(bindings), undefined, String(expected.metadata?.name));
    await apply(ctx, bindings, reconcileClusterRoleBinding(structuredClone(expected), existing ? ClusterRoleBinding.parse(existing) : undefined));
  });
  await aggregateClusterRoles(ctx);
}
