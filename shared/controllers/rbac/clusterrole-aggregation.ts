import { ClusterRole } from '../../api/types';
import { aggregationPlan } from '../../auth/rbac/aggregation';
import type { RestContext } from '../../registry/context';
import { updateObject } from '../../registry/update';
import { Controller, objectsOf } from '../controller';
import { list, resource, systemWrite } from '../client';

const CLUSTER_ROLES = resource('rbac.authorization.k8s.io', 'v1', 'clusterroles');
const NAME = 'clusterrole-aggregation';
/** Every ClusterRole change may change any aggregated role, so all of them reconcile as one key. */
const KEY = { resource: 'clusterroles.rbac.authorization.k8s.io', name: 'aggregated', controller: NAME };

/** Fills each aggregated ClusterRole's rules from the ClusterRoles its selectors match (upstream's clusterrole-aggregation controller). */
export async function aggregateClusterRoles(ctx: RestContext): Promise<number> {
  const all = (await list(ctx, CLUSTER_ROLES)).map((o) => ClusterRole.parse(o));
  const plan = aggregationPlan(all);
  for (const { name, rules } of plan) {
    await updateObject(ctx, CLUSTER_ROLES, undefined, name, undefined, (current) => ({ ...current, rules }), systemWrite(ctx));
  }
  return plan.length;
}

export const clusterRoleAggregationController: Controller = {
  name: NAME,
  filters: [objectsOf('clusterroles.rbac.authorization.k8s.io')],
  route: () => [KEY],
  async reconcile(ctx) {
    await aggregateClusterRoles(ctx);
    return {};
  },
  resync: () => Promise.resolve([KEY]),
};
