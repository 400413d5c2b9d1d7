import { ANONYMOUS_USER } from '../../auth/user';
import type { KubeObject } from '../../registry/resource';
import type { ReviewHandler } from './handler';

/** SelfSubjectReview (`kubectl auth whoami`): the requesting user as the API server sees them. */
export const selfSubjectReview: ReviewHandler = async (_ctx, req) => {
  const u = req.user ?? ANONYMOUS_USER;
  const userInfo = { username: u.username, ...(u.uid ? { uid: u.uid } : {}), groups: u.groups, ...(u.extra ? { extra: u.extra } : {}) };
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const review: KubeObject = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: now }, status: { userInfo } };
  return review;
};
