/** authorization.k8s.io/v1 access reviews: "may this user do this?" (create-only, never stored). */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';

const strings = () => z.array(z.string());
const G = 'authorization.k8s.io';

export const ResourceAttributes = z
  .strictObject({
    namespace: z.string().optional().describe('Namespace of the action; empty is all namespaces for namespaced resources.'),
    verb: z.string().optional().describe("A Kubernetes resource API verb, like get, list, watch, create; '*' is all."),
    group: z.string().optional().describe("API group of the resource; '*' is all."),
    version: z.string().optional().describe("API version of the resource; '*' is all."),
    resource: z.string().optional().describe("One of the existing resource types; '*' is all."),
    subresource: z.string().optional().describe('One of the existing subresources; empty is none.'),
    name: z.string().optional().describe('Name of the object acted on; empty is all.'),
    fieldSelector: z.record(z.string(), z.unknown()).optional().describe('Field selector of the request (not used by RBAC).'),
    labelSelector: z.record(z.string(), z.unknown()).optional().describe('Label selector of the request (not used by RBAC).'),
  })
  .describe('A resource request to authorize.');
export type ResourceAttributes = z.infer<typeof ResourceAttributes>;

export const NonResourceAttributes = z
  .strictObject({
    path: z.string().optional().describe('The URL path of the request.'),
    verb: z.string().optional().describe('The standard HTTP verb (get, post, ...), lower case.'),
  })
  .describe('A non-resource request to authorize.');
export type NonResourceAttributes = z.infer<typeof NonResourceAttributes>;

export const SubjectAccessReviewStatus = z
  .strictObject({
    allowed: z.boolean().optional().describe('Whether the action is allowed.'),
    denied: z.boolean().optional().describe('Whether the action is denied outright (no other authorizer is asked).'),
    reason: z.string().optional().describe('Why the action is allowed or denied.'),
    evaluationError: z.string().optional().describe('What went wrong while evaluating, if anything.'),
  })
  .describe('The answer to an access review.');

const reviewSpec = {
  resourceAttributes: ResourceAttributes.optional().describe('The resource request, when it is one.'),
  nonResourceAttributes: NonResourceAttributes.optional().describe('The non-resource request, when it is one.'),
};

export const SubjectAccessReviewSpec = z
  .strictObject({
    ...reviewSpec,
    user: z.string().optional().describe('The user to test for.'),
    groups: strings().optional().describe('The groups to test for.'),
    extra: z.record(z.string(), strings()).optional().describe('Extra attributes of the user.'),
    uid: z.string().optional().describe('The uid of the user.'),
  })
  .describe('The action and the user to review.');

const review = (kind: string, description: string, spec: z.ZodType) =>
  z
    .strictObject({
      ...typeMeta,
      metadata: ObjectMeta.optional().describe('Standard object metadata.'),
      spec: spec.describe('What is being reviewed.'),
      status: SubjectAccessReviewStatus.optional().describe('The server fills this in.'),
    })
    .meta({ description, ...gvk(G, 'v1', kind) });

export const SubjectAccessReview = review('SubjectAccessReview', 'Checks whether a user or group may perform an action.', SubjectAccessReviewSpec);
export const LocalSubjectAccessReview = review(
  'LocalSubjectAccessReview',
  'Checks whether a user or group may perform an action in one namespace.',
  SubjectAccessReviewSpec,
);
export const SelfSubjectAccessReview = review(
  'SelfSubjectAccessReview',
  'Checks whether the current user may perform an action.',
  z.strictObject(reviewSpec).describe('The action to review.'),
);
export type SubjectAccessReviewSpec = z.infer<typeof SubjectAccessReviewSpec>;
