import type { ResourceDef } from '../../registry/resource';
import type { ReviewHandler } from './handler';
import { localSubjectAccessReview, selfSubjectAccessReview, subjectAccessReview } from './access-review';
import { selfSubjectRulesReview } from './rules-review';
import { selfSubjectReview } from './selfsubjectreview';
import { tokenReview } from './tokenreview';

export type { ReviewHandler };

/** The review kinds, by `group/resource`. Each handler lives in its own file beside this one. */
const REVIEWS = new Map<string, ReviewHandler>([
  ['authorization.k8s.io/selfsubjectaccessreviews', selfSubjectAccessReview],
  ['authorization.k8s.io/selfsubjectrulesreviews', selfSubjectRulesReview],
  ['authorization.k8s.io/subjectaccessreviews', subjectAccessReview],
  ['authorization.k8s.io/localsubjectaccessreviews', localSubjectAccessReview],
  ['authentication.k8s.io/tokenreviews', tokenReview],
  ['authentication.k8s.io/selfsubjectreviews', selfSubjectReview],
]);

export function reviewHandler(def: ResourceDef): ReviewHandler | undefined {
  return REVIEWS.get(`${def.group}/${def.resource}`);
}
