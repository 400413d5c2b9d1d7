import type { KubeObject, ResourceDef } from '../../registry/resource';
import type { ApiContext } from '../context';
import type { ApiRequest } from '../http';
import { localSubjectAccessReview, selfSubjectAccessReview, subjectAccessReview } from './access-review';
import { selfSubjectRulesReview } from './rules-review';

/**
 * A review kind (SubjectAccessReview, TokenReview, ...) is create-only and never stored: the server
 * answers a POST with the object it was sent, its `status` filled in, as upstream's review REST
 * storage does.
 */
export type ReviewHandler = (ctx: ApiContext, req: ApiRequest, def: ResourceDef, body: KubeObject, namespace: string | undefined) => Promise<KubeObject>;

/** The review kinds, by `group/resource`. Each handler lives in its own file beside this one. */
const REVIEWS = new Map<string, ReviewHandler>([
  ['authorization.k8s.io/selfsubjectaccessreviews', selfSubjectAccessReview],
  ['authorization.k8s.io/selfsubjectrulesreviews', selfSubjectRulesReview],
  ['authorization.k8s.io/subjectaccessreviews', subjectAccessReview],
  ['authorization.k8s.io/localsubjectaccessreviews', localSubjectAccessReview],
]);

export function reviewHandler(def: ResourceDef): ReviewHandler | undefined {
  return REVIEWS.get(`${def.group}/${def.resource}`);
}
