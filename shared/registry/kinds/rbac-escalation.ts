import { NotFoundError } from '../../api/errors';
import { sameJson } from '../../api/patch/json';
import type { PolicyRule, RoleRef } from '../../api/types';
import { authorize, PRIVILEGED_GROUP } from '../../auth/rbac/authorizer';
import { policyCache } from '../../auth/rbac/cache';
import { escalationMessage } from '../../auth/rbac/escalation';
import { ForbiddenStatusError } from '../../auth/rbac/forbidden';
import { Policy, roleRefRules, rulesFor } from '../../auth/rbac/policy';
import type { UserInfo } from '../../auth/user';
import type { KubeObject, StrategyContext } from '../resource';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

type Check = (ctx: StrategyContext, obj: KubeObject, old: KubeObject | undefined, user: UserInfo | undefined) => Promise<void>;

/** Whether the user may do `verb` on an RBAC object without holding what it grants (the `escalate` and `bind` verbs). */
function mayWithout(policy: Policy, user: UserInfo, verb: string, resource: string, name: string, namespace: string): boolean {
  return authorize(policy, { user, verb, resourceRequest: true, apiGroup: RBAC_GROUP, apiVersion: '', resource, subresource: '', namespace, name, path: '' }).allowed;
}

/**
 * Writing a Role or ClusterRole is refused (403) when it grants a permission the writer does not
 * hold, unless they may `escalate` it, as upstream's policy-based role storage. In-process
 * components (no user) and system:masters are trusted, as upstream's EscalationAllowed.
 */
export function roleEscalationCheck(resource: 'roles' | 'clusterroles'): Check {
  return async (ctx, obj, old, user) => {
    if (!user || user.groups.includes(PRIVILEGED_GROUP)) return;
    if (old && sameJson(old.rules, obj.rules) && sameJson(old.aggregationRule, obj.aggregationRule)) return;
    const name = String(obj.metadata.name ?? '');
    const namespace = String(obj.metadata.namespace ?? '');
    const gr = { group: RBAC_GROUP, resource };
    const policy = await policyCache(ctx.store).current();
    if (mayWithout(policy, user, 'escalate', resource, name, namespace)) return;
    const selectors = (obj.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined)?.clusterRoleSelectors ?? [];
    if (selectors.length > 0) throw new ForbiddenStatusError(gr, name, 'must have cluster-admin privileges to use the aggregationRule');
    const held = rulesFor(policy, user, namespace);
    const message = escalationMessage(user, held.rules, (obj.rules as PolicyRule[] | undefined) ?? [], held.errors);
    if (message) throw new ForbiddenStatusError(gr, name, message);
  };
}

/**
 * Writing a RoleBinding or ClusterRoleBinding is refused (403) unless the writer may `bind` the
 * role or holds every permission it grants (in the binding's namespace), as upstream's
 * policy-based binding storage; a missing role is upstream's NotFound.
 */
export function bindingEscalationCheck(resource: 'rolebindings' | 'clusterrolebindings'): Check {
  return async (ctx, obj, old, user) => {
    if (!user || user.groups.includes(PRIVILEGED_GROUP)) return;
    if (old && sameJson(old.roleRef, obj.roleRef) && sameJson(old.subjects, obj.subjects)) return;
    const ref = obj.roleRef as RoleRef | undefined;
    if (!ref) return;
    const name = String(obj.metadata.name ?? '');
    const namespace = String(obj.metadata.namespace ?? '');
    const policy = await policyCache(ctx.store).current();
    const refResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
    if (ref.apiGroup === RBAC_GROUP && mayWithout(policy, user, 'bind', refResource, ref.name, namespace)) return;
    const granted = roleRefRules(policy, ref, namespace);
    if ('error' in granted) throw new NotFoundError({ group: RBAC_GROUP, resource: ref.kind.toLowerCase() }, ref.name);
    const held = rulesFor(policy, user, namespace);
    const message = escalationMessage(user, held.rules, granted.rules, held.errors);
    if (message) throw new ForbiddenStatusError({ group: RBAC_GROUP, resource }, name, message);
  };
}
