import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from '../../api/types';
import type { UserInfo } from '../user';

/** Every Role, ClusterRole and binding of the cluster at one moment, indexed for lookups. */
export interface Policy {
  roles: Map<string, Role>;
  clusterRoles: Map<string, ClusterRole>;
  roleBindings: Map<string, RoleBinding[]>;
  clusterRoleBindings: ClusterRoleBinding[];
}

export function buildPolicy(roles: Role[], clusterRoles: ClusterRole[], roleBindings: RoleBinding[], clusterRoleBindings: ClusterRoleBinding[]): Policy {
  const byNamespace = new Map<string, RoleBinding[]>();
  for (const b of roleBindings) {
    const ns = b.metadata?.namespace ?? '';
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), b]);
  }
  return {
    roles: new Map(roles.map((r) => [`${r.metadata?.namespace ?? ''}/${r.metadata?.name ?? ''}`, r])),
    clusterRoles: new Map(clusterRoles.map((r) => [r.metadata?.name ?? '', r])),
    roleBindings: byNamespace,
    clusterRoleBindings,
  };
}

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** Whether a binding's subject is this user (upstream's appliesToUser), a ServiceAccount defaulting to the binding's namespace. */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      return ns !== '' && user.username === `${SERVICE_ACCOUNT_PREFIX}${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

export interface RoleRefLike {
  kind: string;
  name: string;
}

/** The rules a roleRef grants, or the lister's NotFound message upstream reports when the role is missing. */
export function roleRefRules(policy: Policy, ref: RoleRefLike, bindingNamespace: string): { rules: PolicyRule[] } | { error: string } {
  if (ref.kind === 'ClusterRole') {
    const role = policy.clusterRoles.get(ref.name);
    return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
  }
  if (ref.kind === 'Role') {
    const role = policy.roles.get(`${bindingNamespace}/${ref.name}`);
    return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
  }
  return { error: `unsupported role reference kind: "${ref.kind}"` };
}

/** Where a rule came from, in upstream's words (`ClusterRoleBinding "x" of ClusterRole "y" to Group "z"`). */
export type RuleSource = () => string;

/**
 * Visits the rules that apply to a user in a namespace (all ClusterRoleBindings, then the
 * namespace's RoleBindings), as upstream's VisitRulesFor; the visitor returns false to stop.
 */
export function visitRules(
  policy: Policy,
  user: UserInfo,
  namespace: string,
  visit: (source: RuleSource | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean,
): void {
  for (const b of policy.clusterRoleBindings) {
    const subject = (b.subjects ?? []).find((s) => appliesTo(user, s, ''));
    if (!subject) continue;
    const got = roleRefRules(policy, b.roleRef, '');
    if ('error' in got) {
      if (!visit(undefined, undefined, got.error)) return;
      continue;
    }
    const source = () => `ClusterRoleBinding "${b.metadata?.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, '')}`;
    for (const rule of got.rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const b of policy.roleBindings.get(namespace) ?? []) {
    const subject = (b.subjects ?? []).find((s) => appliesTo(user, s, namespace));
    if (!subject) continue;
    const got = roleRefRules(policy, b.roleRef, namespace);
    if ('error' in got) {
      if (!visit(undefined, undefined, got.error)) return;
      continue;
    }
    const source = () => `RoleBinding "${b.metadata?.name}/${namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(subject, namespace)}`;
    for (const rule of got.rules) if (!visit(source, rule, undefined)) return;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** All rules a user holds in a namespace, and the resolution errors met (upstream's RulesFor). */
export function rulesFor(policy: Policy, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRules(policy, user, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}
