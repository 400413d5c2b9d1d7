import type { ResourceDef } from '../../registry/resource';
import type { ReviewHandler } from './handler';
import { selfSubjectReview } from './selfsubjectreview';
import { tokenReview } from './tokenreview';

export type { ReviewHandler } from './handler';

/** The review kinds, by `group/resource`. Each handler lives in its own file beside this one. */
const REVIEWS = new Map<string, ReviewHandler>([
  ['authentication.k8s.io/tokenreviews', tokenReview],
  ['authentication.k8s.io/selfsubjectreviews', selfSubjectReview],
]);

export function reviewHandler(def: ResourceDef): ReviewHandler | undefined {
  return REVIEWS.get(`${def.group}/${def.resource}`);
}
