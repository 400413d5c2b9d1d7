import { BadRequestError } from '../../api/errors';
import { TokenReview } from '../../api/types';
import { decodeStrict } from '../../registry/decode';
import type { KubeObject } from '../../registry/resource';
import { authenticateToken } from '../auth';
import type { ReviewHandler } from './handler';

/**
 * TokenReview: whether a token authenticates and as whom, through the same authenticators as a
 * request's own token (the audiences asked, else the API server's). A token that is not valid gets
 * `authenticated: false` and, where a check failed on it, the reason (never the token's contents).
 */
export const tokenReview: ReviewHandler = async (ctx, _req, _def, body) => {
  const review = decodeStrict({ kind: 'TokenReview', group: 'authentication.k8s.io', version: 'v1' }, TokenReview, body);
  const token = review.spec.token ?? '';
  if (!token) throw new BadRequestError('token is required for TokenReview in authentication');
  const audiences = review.spec.audiences?.length ? review.spec.audiences : undefined;
  const result = await authenticateToken(ctx, token, audiences);
  const status: TokenReview['status'] =
    'user' in result
      ? { authenticated: true, user: { username: result.user.username, ...(result.user.uid ? { uid: result.user.uid } : {}), groups: result.user.groups, ...(result.user.extra ? { extra: result.user.extra } : {}) }, audiences: result.audiences }
      : { user: {}, ...(result.error === 'invalid bearer token' ? {} : { error: `[invalid bearer token, ${result.error}]` }) };
  const out: KubeObject = { ...review, metadata: { ...review.metadata, creationTimestamp: null }, status };
  return out;
};
