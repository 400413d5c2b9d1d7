import type { ApiRequest } from '../../apiserver/http';
import type { ObjectStore } from '../../storage/store';
import { requestAttributes } from './attributes';
import { authorize, PRIVILEGED_GROUP } from './authorizer';
import { policyCache } from './cache';
import { deniedError } from './forbidden';
import { impersonate, isImpersonating, withoutImpersonation } from './impersonation';

/**
 * The API server's authorization step, right after authentication: impersonation (which replaces
 * `req.user` once the requester may `impersonate`), then RBAC on the request's attributes. A denial
 * is upstream's 403, decided before anything is read, so it never tells whether the object exists.
 */
export async function authorizeRequest(store: ObjectStore, req: ApiRequest): Promise<void> {
  if (!req.user) return;
  // The privileged group needs no policy; skipping the cache read keeps the admin's path as it was.
  if (req.user.groups.includes(PRIVILEGED_GROUP) && !isImpersonating(req.headers)) return;
  const policy = await policyCache(store).current();
  if (isImpersonating(req.headers)) {
    req.user = impersonate(policy, req.user, req.headers);
    req.headers = withoutImpersonation(req.headers);
  }
  const attrs = requestAttributes(req.user, req.method, req.path, req.query);
  const decision = authorize(policy, attrs);
  if (!decision.allowed) throw deniedError(attrs, decision.reason);
}
