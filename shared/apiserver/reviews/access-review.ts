import { BadRequestError, InvalidError, type StatusCause } from '../../api/errors';
import type { NonResourceAttributes, ResourceAttributes, SubjectAccessReviewSpec } from '../../api/types';
import { invalid } from '../../api/validation/field';
import type { Attributes } from '../../auth/rbac/attributes';
import { authorize } from '../../auth/rbac/authorizer';
import { policyCache } from '../../auth/rbac/cache';
import { ANONYMOUS_USER, type UserInfo } from '../../auth/user';
import { decodeObject } from '../../registry/decode';
import type { KubeObject } from '../../registry/resource';
import type { ReviewHandler } from './handler';

type Spec = { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes };

/** Upstream's ResourceAttributesFrom / NonResourceAttributesFrom. */
export function reviewAttributes(user: UserInfo, spec: Spec): Attributes {
  const base = { user, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path: '' };
  const r = spec.resourceAttributes;
  if (r) {
    return {
      ...base,
      verb: r.verb ?? '',
      resourceRequest: true,
      apiGroup: r.group ?? '',
      apiVersion: r.version ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      namespace: r.namespace ?? '',
      name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { ...base, verb: n.verb ?? '', resourceRequest: false, path: n.path ?? '' };
}

/** Upstream's ValidateSelfSubjectAccessReviewSpec: exactly one of the two attribute kinds. */
function validateSpec(spec: Spec): StatusCause[] {
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    return [invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes')];
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    return [{ ...invalid('spec.resourceAttributes', null, ''), message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified' }];
  }
  return [];
}

function answer(review: KubeObject, decision: { allowed: boolean; reason: string }): KubeObject {
  const status: Record<string, unknown> = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { ...review, status };
}

async function decide(ctx: Parameters<ReviewHandler>[0], user: UserInfo, spec: Spec): Promise<{ allowed: boolean; reason: string }> {
  return authorize(await policyCache(ctx.store).current(), reviewAttributes(user, spec));
}

function decoded(def: Parameters<ReviewHandler>[2], body: KubeObject): KubeObject {
  return decodeObject(def, body, 'Strict').object;
}

/** SelfSubjectAccessReview: may the requester do this? */
export const selfSubjectAccessReview: ReviewHandler = async (ctx, req, def, body) => {
  const review = decoded(def, body);
  const spec = (review.spec ?? {}) as Spec;
  const causes = validateSpec(spec);
  if (causes.length) throw new InvalidError(def.kind, def.group, '', causes);
  return answer(review, await decide(ctx, req.user ?? ANONYMOUS_USER, spec));
};

function subjectOf(spec: SubjectAccessReviewSpec): UserInfo {
  return { username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
}

/** SubjectAccessReview: may this user (or these groups) do this? */
export const subjectAccessReview: ReviewHandler = async (ctx, _req, def, body) => {
  const review = decoded(def, body);
  const spec = (review.spec ?? {}) as SubjectAccessReviewSpec;
  const causes = validateSpec(spec);
  if (!spec.user && !(spec.groups ?? []).length) causes.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  if (causes.length) throw new InvalidError(def.kind, def.group, '', causes);
  return answer(review, await decide(ctx, subjectOf(spec), spec));
};

/** LocalSubjectAccessReview: a SubjectAccessReview confined to the namespace of its URL. */
export const localSubjectAccessReview: ReviewHandler = async (ctx, _req, def, body, namespace) => {
  const review = decoded(def, body);
  review.metadata.namespace ??= namespace;
  if (!namespace) throw new BadRequestError('namespace is required on this type: ');
  if (review.metadata.namespace !== namespace) throw new BadRequestError(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
  const spec = (review.spec ?? {}) as SubjectAccessReviewSpec;
  const causes = validateSpec(spec);
  if (!spec.user && !(spec.groups ?? []).length) causes.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  if (spec.resourceAttributes && spec.resourceAttributes.namespace !== namespace) {
    causes.push(invalid('spec.resourceAttributes.namespace', spec.resourceAttributes.namespace ?? '', 'must match metadata.namespace'));
  }
  if (spec.nonResourceAttributes) causes.push(invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request'));
  if (causes.length) throw new InvalidError(def.kind, def.group, '', causes);
  return answer(review, await decide(ctx, subjectOf(spec), spec));
};
