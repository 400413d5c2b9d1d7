import type { Attributes } from './attributes';
import { Policy, visitRules } from './policy';
import { ruleAllows } from './rules';

/** The group whose members may do anything, before any RBAC rule is read (kube-apiserver's privileged-group authorizer). */
export const PRIVILEGED_GROUP = 'system:masters';

export interface Decision {
  allowed: boolean;
  /** Upstream's reason: which binding allowed it, or the role references that could not be resolved. */
  reason: string;
}

/** Upstream's RBAC authorizer: allowed when any rule bound to the user matches, else no opinion (a denial). */
export function authorize(policy: Policy, a: Attributes): Decision {
  if (a.user.groups.includes(PRIVILEGED_GROUP)) return { allowed: true, reason: '' };
  let allowedBy: string | undefined;
  const errors: string[] = [];
  visitRules(policy, a.user, a.namespace, (source, rule, error) => {
    if (error) errors.push(error);
    if (rule && source && ruleAllows(a, rule)) {
      allowedBy = source();
      return false;
    }
    return true;
  });
  if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}` };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
}

/** utilerrors.NewAggregate's message: one error bare, several in brackets. */
export function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** The message of upstream's 403 (responsewriters.forbiddenMessage), without the resource prefix. */
export function forbiddenMessage(a: Attributes): string {
  const user = a.user.username;
  if (!a.resourceRequest) return `User "${user}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace) return `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" in the namespace "${a.namespace}"`;
  return `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" at the cluster scope`;
}
