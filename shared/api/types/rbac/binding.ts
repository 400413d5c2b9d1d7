/** rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding: who gets a role's permissions. */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';

export const Subject = z
  .strictObject({
    kind: z.string().describe('User, Group or ServiceAccount.'),
    apiGroup: z.string().optional().describe("'rbac.authorization.k8s.io' for User and Group, '' for ServiceAccount."),
    name: z.string().describe('Name of the user, group or service account.'),
    namespace: z.string().optional().describe("The service account's namespace; must be empty for User and Group."),
  })
  .describe('A user, group or service account a binding grants its role to.');
export type Subject = z.infer<typeof Subject>;

export const RoleRef = z
  .strictObject({
    apiGroup: z.string().describe('Group of the referenced role: rbac.authorization.k8s.io.'),
    kind: z.string().describe('Role or ClusterRole.'),
    name: z.string().describe('Name of the role.'),
  })
  .describe('The role a binding grants; it cannot change once set.');
export type RoleRef = z.infer<typeof RoleRef>;

const subjects = z.array(Subject).meta({ 'x-kubernetes-list-type': 'atomic' });

export const RoleBinding = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    subjects: subjects.optional().describe('Who the role is granted to.'),
    roleRef: RoleRef.describe('A Role in the same namespace, or a ClusterRole (granted in this namespace only).'),
  })
  .meta({ description: "Grants a role's permissions within one namespace.", ...gvk('rbac.authorization.k8s.io', 'v1', 'RoleBinding') });
export type RoleBinding = z.infer<typeof RoleBinding>;

export const ClusterRoleBinding = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    subjects: subjects.optional().describe('Who the role is granted to.'),
    roleRef: RoleRef.describe('A ClusterRole, granted cluster-wide.'),
  })
  .meta({ description: "Grants a ClusterRole's permissions cluster-wide.", ...gvk('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding') });
export type ClusterRoleBinding = z.infer<typeof ClusterRoleBinding>;
