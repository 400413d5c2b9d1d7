import type { PolicyRule } from '../../api/types';
import { aggregate, PRIVILEGED_GROUP } from '../../auth/rbac/authorizer';
import { policyCache } from '../../auth/rbac/cache';
import { rulesFor } from '../../auth/rbac/policy';
import { ANONYMOUS_USER } from '../../auth/user';
import { decodeObject } from '../../registry/decode';
import type { ReviewHandler } from './handler';

const drop = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * SelfSubjectRulesReview: what the requester may do in a namespace (what `kubectl auth can-i
 * --list` prints), as upstream's union of the privileged-group authorizer (everything for
 * system:masters) and RBAC's RulesFor; rules from missing roles make it incomplete.
 */
export const selfSubjectRulesReview: ReviewHandler = async (ctx, req, def, body) => {
  const review = decodeObject(def, body, 'Strict').object;
  const namespace = String((review.spec as { namespace?: string } | undefined)?.namespace ?? '');
  const user = req.user ?? ANONYMOUS_USER;
  const { rules, errors } = rulesFor(await policyCache(ctx.store).current(), user, namespace);
  const all: PolicyRule[] = user.groups.includes(PRIVILEGED_GROUP)
    ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }, ...rules]
    : rules;
  const status: Record<string, unknown> = {
    resourceRules: all.filter((r) => (r.resources ?? []).length > 0).map((r) => drop({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    nonResourceRules: all.filter((r) => (r.nonResourceURLs ?? []).length > 0).map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
    incomplete: errors.length > 0,
  };
  if (errors.length > 0) status.evaluationError = aggregate(errors);
  return { ...review, status };
};
