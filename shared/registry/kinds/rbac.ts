import type { StatusCause } from '../../api/errors';
import type { ClusterRole, PolicyRule, RoleRef, Subject } from '../../api/types';
import { invalid, notSupported, required } from '../../api/validation/field';
import { validateDns1123Subdomain, validatePathSegment } from '../../api/validation/names';
import { validateLabelSelector } from '../../api/validation/selector';
import type { KubeObject, Strategy } from '../resource';
import { bindingEscalationCheck, roleEscalationCheck } from './rbac-escalation';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

const goStrings = (values: string[]): string => `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;

/** Upstream's ValidatePolicyRule: verbs always; either resources with their groups, or (cluster-wide only) URLs. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if ((rule.verbs ?? []).length === 0) causes.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    const message = (m: string): StatusCause => ({ ...invalid(`${path}.nonResourceURLs`, '', m), message: `Invalid value: ${goStrings(urls)}: ${m}` });
    if (namespaced) causes.push(message('namespaced rules cannot apply to non-resource URLs'));
    if ((rule.apiGroups ?? []).length || (rule.resources ?? []).length || (rule.resourceNames ?? []).length) {
      causes.push(message('rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if ((rule.apiGroups ?? []).length === 0) causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0) causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

const validateRules = (obj: KubeObject, namespaced: boolean): StatusCause[] =>
  ((obj.rules as PolicyRule[] | undefined) ?? []).flatMap((rule, i) => validatePolicyRule(rule, namespaced, `rules[${i}]`));

function validateAggregation(obj: KubeObject): StatusCause[] {
  const rule = obj.aggregationRule as ClusterRole['aggregationRule'];
  if (!rule) return [];
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return [required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** Upstream's SetDefaults for v1 bindings: User and Group subjects, and roleRefs, in the RBAC group. */
function defaultBinding(obj: KubeObject): void {
  const roleRef = obj.roleRef as RoleRef | undefined;
  if (roleRef && !roleRef.apiGroup) roleRef.apiGroup = RBAC_GROUP;
  for (const s of (obj.subjects as Subject[] | undefined) ?? []) if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
}

export function validateSubject(subject: Subject, namespaced: boolean, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!subject.name) causes.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) for (const m of validateDns1123Subdomain(subject.name)) causes.push(invalid(`${path}.name`, subject.name, m));
      if (subject.apiGroup) causes.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace) causes.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== RBAC_GROUP) causes.push(notSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      causes.push(notSupported(`${path}.kind`, subject.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

const goRoleRef = (r: RoleRef): string => `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup)}, Kind:${JSON.stringify(r.kind)}, Name:${JSON.stringify(r.name)}}`;

function validateBinding(obj: KubeObject, old: KubeObject | undefined, namespaced: boolean): StatusCause[] {
  const ref = (obj.roleRef as RoleRef | undefined) ?? { apiGroup: '', kind: '', name: '' };
  const causes: StatusCause[] = [];
  if (ref.apiGroup !== RBAC_GROUP) causes.push(notSupported('roleRef.apiGroup', ref.apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) causes.push(notSupported('roleRef.kind', ref.kind, kinds));
  if (!ref.name) causes.push(required('roleRef.name'));
  else for (const m of validatePathSegment(ref.name)) causes.push(invalid('roleRef.name', ref.name, m));
  ((obj.subjects as Subject[] | undefined) ?? []).forEach((s, i) => causes.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  const before = old?.roleRef as RoleRef | undefined;
  if (before && (before.apiGroup !== ref.apiGroup || before.kind !== ref.kind || before.name !== ref.name)) {
    causes.push({ ...invalid('roleRef', '', 'cannot change roleRef'), message: `Invalid value: ${goRoleRef(ref)}: cannot change roleRef` });
  }
  return causes;
}

export const roleStrategy: Strategy = {
  validate: (obj) => validateRules(obj, true),
  authorizeWrite: roleEscalationCheck('roles'),
};

export const clusterRoleStrategy: Strategy = {
  validate: (obj) => [...validateRules(obj, false), ...validateAggregation(obj)],
  authorizeWrite: roleEscalationCheck('clusterroles'),
};

export const roleBindingStrategy: Strategy = {
  defaults: defaultBinding,
  validate: (obj, old) => validateBinding(obj, old, true),
  authorizeWrite: bindingEscalationCheck('rolebindings'),
};

export const clusterRoleBindingStrategy: Strategy = {
  defaults: defaultBinding,
  validate: (obj, old) => validateBinding(obj, old, false),
  authorizeWrite: bindingEscalationCheck('clusterrolebindings'),
};
