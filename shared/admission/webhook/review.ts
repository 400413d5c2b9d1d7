/** The AdmissionReview v1 request upstream sends a webhook, and reading its response. */
import { randomUUID } from 'node:crypto';
import type { UserInfo } from '../../auth/user';
import type { AdmissionAttributes } from '../attributes';

export interface AdmissionReviewRequest {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request: {
    uid: string;
    kind: { group: string; version: string; kind: string };
    resource: { group: string; version: string; resource: string };
    subResource?: string;
    requestKind: { group: string; version: string; kind: string };
    requestResource: { group: string; version: string; resource: string };
    requestSubResource?: string;
    name?: string;
    namespace?: string;
    operation: string;
    userInfo: UserInfo;
    object: unknown;
    oldObject: unknown;
    dryRun: boolean;
    options: unknown;
  };
}

export interface AdmissionResponse {
  uid?: string;
  allowed?: boolean;
  status?: { code?: number; message?: string; reason?: string; details?: unknown };
  patch?: string;
  patchType?: string;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

/** Components writing without a request (controllers, the scheduler) are named as the API server's loopback client. */
const LOOPBACK_USER: UserInfo = { username: 'system:apiserver', uid: '', groups: ['system:authenticated', 'system:masters'] };

export function buildReview(attrs: AdmissionAttributes): AdmissionReviewRequest {
  const { def } = attrs;
  const kind = { group: def.group, version: def.version, kind: def.kind };
  const resource = { group: def.group, version: def.version, resource: def.resource };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind,
      resource,
      ...(attrs.subresource ? { subResource: attrs.subresource } : {}),
      requestKind: kind,
      requestResource: resource,
      ...(attrs.subresource ? { requestSubResource: attrs.subresource } : {}),
      ...(attrs.name ? { name: attrs.name } : {}),
      ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
      operation: attrs.operation,
      userInfo: attrs.user ?? LOOPBACK_USER,
      object: attrs.object ?? null,
      oldObject: attrs.oldObject ?? null,
      dryRun: attrs.dryRun,
      options: attrs.options ?? null,
    },
  };
}

/** The response of a review, checked as upstream checks it (kind, apiVersion, the same uid). */
export function readResponse(body: unknown, uid: string): AdmissionResponse {
  const review = body as { apiVersion?: string; kind?: string; response?: AdmissionResponse } | null;
  if (!review || typeof review !== 'object') throw new Error('received invalid webhook response: not an object');
  if (review.kind !== 'AdmissionReview' || review.apiVersion !== 'admission.k8s.io/v1') {
    throw new Error(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${String(review.apiVersion)}, Kind=${String(review.kind)}`);
  }
  const response = review.response;
  if (!response) throw new Error('webhook response was absent');
  if (response.uid !== uid) throw new Error(`expected response.uid="${uid}", got "${String(response.uid)}"`);
  return response;
}
