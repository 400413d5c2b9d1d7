/**
 * Who made a request, as upstream's authenticators describe a user (k8s.io/apiserver's user.Info):
 * the name, an optional uid, the groups (every authenticated user is in `system:authenticated`) and
 * extra attributes an authenticator adds (a service account token's pod name, for one).
 */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The user the cluster's admin token stands for, as in kubeadm's admin.conf. */
export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};

/** Who a request without credentials is, as upstream names them (see ApiConfig.anonymousAuth). */
export const ANONYMOUS_USER: UserInfo = {
  username: 'system:anonymous',
  groups: ['system:unauthenticated'],
};
