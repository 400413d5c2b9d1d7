/** rbac.authorization.k8s.io/v1 Role and ClusterRole: sets of permissions (PolicyRules). */
import * as z from 'zod';
import { LabelSelector, ObjectMeta, gvk, typeMeta } from '../meta';

const strings = () => z.array(z.string());

export const PolicyRule = z
  .strictObject({
    verbs: strings().describe("Verbs the rule allows (get, list, watch, create, update, patch, delete, deletecollection, ...); '*' is all."),
    apiGroups: strings().optional().describe("API groups of the resources; '' is the core group, '*' is all."),
    resources: strings().optional().describe("Resources the rule applies to, 'pods/log' for a subresource; '*' is all."),
    resourceNames: strings().optional().describe('Object names the rule is limited to; empty is every name.'),
    nonResourceURLs: strings().optional().describe("Partial URLs (a trailing '*' matches a prefix), only in ClusterRoles bound by ClusterRoleBindings."),
  })
  .describe('One permission: verbs on resources (or non-resource URLs).');
export type PolicyRule = z.infer<typeof PolicyRule>;

const rules = z.array(PolicyRule).meta({ 'x-kubernetes-list-type': 'atomic' });

export const AggregationRule = z
  .strictObject({
    clusterRoleSelectors: z
      .array(LabelSelector)
      .optional()
      .meta({ 'x-kubernetes-list-type': 'atomic' })
      .describe("Selectors of the ClusterRoles whose rules are combined into this one's."),
  })
  .describe("How a ClusterRole's rules are aggregated from other ClusterRoles.");
export type AggregationRule = z.infer<typeof AggregationRule>;

export const Role = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    rules: rules.optional().describe('All the permissions of this Role.'),
  })
  .meta({ description: 'A namespaced set of permissions, granted by a RoleBinding.', ...gvk('rbac.authorization.k8s.io', 'v1', 'Role') });
export type Role = z.infer<typeof Role>;

export const ClusterRole = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    rules: rules.optional().describe('All the permissions of this ClusterRole.'),
    aggregationRule: AggregationRule.optional().describe('When set, the controller manages rules from the selected ClusterRoles.'),
  })
  .meta({
    description: 'A cluster-wide set of permissions, granted by a ClusterRoleBinding or, in one namespace, a RoleBinding.',
    ...gvk('rbac.authorization.k8s.io', 'v1', 'ClusterRole'),
  });
export type ClusterRole = z.infer<typeof ClusterRole>;
