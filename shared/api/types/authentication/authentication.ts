/** authentication.k8s.io/v1: TokenRequest, TokenReview, SelfSubjectReview. */
import * as z from 'zod';
import { Int64, ObjectMeta, Time, gvk, typeMeta } from '../meta';

export const BoundObjectReference = z
  .strictObject({
    kind: z.string().optional().describe('Kind of the referent: Pod, Secret or Node.'),
    apiVersion: z.string().optional().describe('API version of the referent.'),
    name: z.string().optional().describe('Name of the referent.'),
    uid: z.string().optional().describe('UID of the referent.'),
  })
  .describe('The object a token is bound to.');

export const TokenRequest = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: z
      .strictObject({
        audiences: z.array(z.string()).optional().describe('Intended audiences of the token; the API server\'s when empty.'),
        expirationSeconds: Int64.optional().describe('Requested lifetime of the token (at least 10 minutes).'),
        boundObjectRef: BoundObjectReference.optional().describe('An object the token is bound to: deleting it invalidates the token.'),
      })
      .optional()
      .describe('What token is requested.'),
    status: z
      .strictObject({
        token: z.string().optional().describe('The opaque bearer token.'),
        expirationTimestamp: Time.nullish().describe('When the token expires.'),
      })
      .optional()
      .describe('The issued token.'),
  })
  .meta({ description: 'Requests a token for a service account.', ...gvk('authentication.k8s.io', 'v1', 'TokenRequest') });
export type TokenRequest = z.infer<typeof TokenRequest>;

export const TokenReviewUserInfo = z
  .strictObject({
    username: z.string().optional().describe('The name that uniquely identifies this user.'),
    uid: z.string().optional().describe('A unique value that identifies this user across time.'),
    groups: z.array(z.string()).optional().describe('The groups this user is a part of.'),
    extra: z.record(z.string(), z.array(z.string())).optional().describe('Additional information the authenticator provided.'),
  })
  .describe('A user as an authenticator describes them.');

export const TokenReview = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: z
      .strictObject({
        token: z.string().optional().describe('The opaque bearer token.'),
        audiences: z.array(z.string()).optional().describe('Audiences the token must be valid for.'),
      })
      .describe('The token to review.'),
    status: z
      .strictObject({
        authenticated: z.boolean().optional().describe('Whether the token is valid.'),
        user: TokenReviewUserInfo.optional().describe('Who the token stands for.'),
        audiences: z.array(z.string()).optional().describe('Audiences the token is valid for, among those asked.'),
        error: z.string().optional().describe('Why the token could not be checked.'),
      })
      .optional()
      .describe('The result of the review.'),
  })
  .meta({ description: 'Checks a token and says who it stands for.', ...gvk('authentication.k8s.io', 'v1', 'TokenReview') });
export type TokenReview = z.infer<typeof TokenReview>;

export const SelfSubjectReview = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    status: z
      .strictObject({ userInfo: TokenReviewUserInfo.optional().describe('Who the request was made as.') })
      .optional()
      .describe('The result: the requesting user.'),
  })
  .meta({ description: 'Says who the requesting user is (kubectl auth whoami).', ...gvk('authentication.k8s.io', 'v1', 'SelfSubjectReview') });
export type SelfSubjectReview = z.infer<typeof SelfSubjectReview>;
