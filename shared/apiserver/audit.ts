import { randomUUID } from 'node:crypto';
import { AuditAttributes, AuditPolicy, DEFAULT_POLICY, levelOf } from '../auth/audit/policy';
import { logger } from '../logging';
import type { ApiRequest, ApiResponse } from './http';
import { queryBool } from './query-bool';
import type { Route } from './route';

/**
 * `audit.k8s.io/v1` Events, one per request at its ResponseComplete stage (a watch's at
 * ResponseStarted and again when it ends), at the level the policy gives. Request bodies appear
 * at Request level and above only, never for Secrets or tokens (see levelOf); headers never; an
 * `access_token` in the query is masked.
 */
export interface AuditStart {
  auditID: string;
  received: Date;
  /** What admission recorded for the event (`annotations`), read when the event is written. */
  annotations?: ReadonlyMap<string, string>;
}

export const startAudit = (req: ApiRequest): AuditStart => ({ auditID: req.headers['audit-id'] && /^[\w-]{1,64}$/.test(req.headers['audit-id']) ? req.headers['audit-id'] : randomUUID(), received: new Date() });

/** The Kubernetes verb of a request (what RBAC and audit name it): get, list, watch, create, ... */
export function kubeVerb(req: ApiRequest, route: Route | undefined): string {
  const m = req.method.toUpperCase();
  if (!route || route.type !== 'resource') return m.toLowerCase();
  if (route.watch || (!route.name && m === 'GET' && queryBool(req.query, 'watch'))) return 'watch';
  if (m === 'GET' || m === 'HEAD') return route.name ? 'get' : 'list';
  if (m === 'POST') return 'create';
  if (m === 'PUT') return 'update';
  if (m === 'PATCH') return 'patch';
  if (m === 'DELETE') return route.name ? 'delete' : 'deletecollection';
  return m.toLowerCase();
}

export function auditAttributes(req: ApiRequest, route: Route | undefined): AuditAttributes {
  const user = req.user ? { username: req.user.username, groups: req.user.groups } : undefined;
  const verb = kubeVerb(req, route);
  if (!route || route.type !== 'resource') return { user, verb, path: req.path };
  return { user, verb, namespace: route.namespace, group: route.group, resource: route.resource, subresource: route.subresource, name: route.name };
}

function requestUri(req: ApiRequest): string {
  const q = new URLSearchParams(req.query);
  if (q.has('access_token')) q.set('access_token', '<masked>');
  const s = q.toString();
  return s ? `${req.path}?${s}` : req.path;
}

function responseStatus(res: ApiResponse, level: string, sensitive: boolean): Record<string, unknown> {
  if (res.statusCode < 300) return { metadata: {}, code: res.statusCode };
  try {
    const s = JSON.parse(res.body) as { kind?: string; status?: string; reason?: string; message?: string };
    if (s.kind === 'Status') return { metadata: {}, status: s.status, ...(sensitive || level === 'None' ? {} : { message: s.message }), reason: s.reason, code: res.statusCode };
  } catch {
    // not a Status body
  }
  return { metadata: {}, code: res.statusCode };
}

export function auditEvent(req: ApiRequest, route: Route | undefined, res: ApiResponse, start: AuditStart, policy: AuditPolicy, stage: string): Record<string, unknown> | undefined {
  const a = auditAttributes(req, route);
  const level = levelOf(policy, a);
  if (level === 'None') return undefined;
  const sensitive = a.resource === 'secrets' || a.resource === 'tokenreviews' || a.subresource === 'token';
  const objectRef = a.resource
    ? { resource: a.resource, namespace: a.namespace, name: a.name, ...(a.group ? { apiGroup: a.group } : {}), apiVersion: route?.type === 'resource' ? route.version : undefined, subresource: a.subresource }
    : undefined;
  let requestObject: unknown;
  if ((level === 'Request' || level === 'RequestResponse') && req.body && (req.headers['content-type'] ?? 'application/json').includes('json')) {
    try {
      requestObject = JSON.parse(req.body);
    } catch {
      requestObject = undefined;
    }
  }
  let responseObject: unknown;
  if (level === 'RequestResponse' && !res.stream && (res.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      responseObject = JSON.parse(res.body);
    } catch {
      responseObject = undefined;
    }
  }
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: start.auditID,
    stage,
    requestURI: requestUri(req),
    verb: a.verb,
    user: req.user ? { username: req.user.username, ...(req.user.uid ? { uid: req.user.uid } : {}), groups: req.user.groups, ...(req.user.extra ? { extra: req.user.extra } : {}) } : {},
    sourceIPs: req.sourceIp ? [req.sourceIp] : [],
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    ...(objectRef ? { objectRef: JSON.parse(JSON.stringify(objectRef)) as object } : {}),
    responseStatus: responseStatus(res, level, sensitive),
    ...(requestObject !== undefined ? { requestObject } : {}),
    ...(responseObject !== undefined ? { responseObject } : {}),
    ...(start.annotations?.size ? { annotations: Object.fromEntries(start.annotations) } : {}),
    requestReceivedTimestamp: start.received.toISOString().replace('Z', '000Z'),
    stageTimestamp: new Date().toISOString().replace('Z', '000Z'),
  };
}

/** Writes the request's event(s); a watch's stream is wrapped so its end is recorded too. */
export function auditRequest(req: ApiRequest, route: Route | undefined, res: ApiResponse, start: AuditStart, policy: AuditPolicy = DEFAULT_POLICY): ApiResponse {
  const write = policy.write ?? ((e: Record<string, unknown>) => logger.info('audit', { auditEvent: e }));
  const emit = (stage: string) => {
    const e = auditEvent(req, route, res, start, policy, stage);
    if (e) write(e);
  };
  if (!res.stream) {
    emit('ResponseComplete');
    return res;
  }
  emit('ResponseStarted');
  const inner = res.stream;
  async function* completed(): AsyncIterable<string | Uint8Array> {
    try {
      yield* inner;
    } finally {
      emit('ResponseComplete');
    }
  }
  return { ...res, stream: completed() };
}
