import { ApiError, BadRequestError, InternalError, PathNotFoundError } from '../api/errors';
import { authenticate, isPublic } from './auth';
import { ApiContext } from './context';
import { aggregatedDiscovery, aggregatedVersion, AGGREGATED_V2, AGGREGATED_V2BETA1, legacyDiscovery } from './discovery';
import { ApiRequest, ApiResponse, json } from './http';
import { openApiDocument, openApiIndex, openApiPath } from './openapi';
import { handleResource } from './resources';
import { InvalidEscapeError, parseRoute } from './route';
import { METRICS_CONTENT_TYPE, requestLabels, requestMetrics } from './metrics';
import { openApiV2 } from './openapi-v2-response';
import { VERSION_INFO } from './version';
import { health, healthPath } from './health';
import { logger } from '../logging';
import { allResources } from '../registry/custom/registry';
import { auditRequest, startAudit } from './audit';
import { withAuditAnnotations } from '../auth/audit/annotations';
import { jwksDocument, openIdConfiguration } from './oidc';
import { authorizeRequest } from '../auth/rbac/request';
import { POD_TOKEN_PATH } from '../nodes/ecs/token-sidecar';
import { podTokenEndpoint } from './pod-token';

/** The API server core: one request in, one response (or event stream) out, whatever the transport. */
export async function handleRequest(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const started = performance.now();
  const audit = startAudit(req);
  const { result: answered, annotations } = await withAuditAnnotations(() => answer(ctx, req));
  const res = prettyPrinted(req, answered);
  const seconds = (performance.now() - started) / 1000;
  const parsed = routeOrNothing(req.path);
  requestMetrics.observe(requestLabels(req, parsed), res.statusCode, seconds);
  logRequest(ctx, req, res, seconds * 1000);
  return auditRequest(req, parsed, res, { ...audit, annotations }, ctx.config.audit);
}

function routeOrNothing(path: string): ReturnType<typeof parseRoute> {
  try {
    return parseRoute(path);
  } catch {
    return undefined;
  }
}

async function answer(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  try {
    return await route(ctx, req);
  } catch (err) {
    if (err instanceof ApiError) return json(err.code, err.toStatus());
    logger.error('request failed', { method: req.method, path: req.path, error: (err as Error).stack ?? String(err) });
    const status = new InternalError((err as Error).message ?? 'unknown error').toStatus();
    return json(500, status);
  }
}

/**
 * One line per request, as kube-apiserver's httplog writes (verb, URI, status, latency, user
 * agent): at info where the config asks for request logs (the Lambda, an interactive npm start),
 * at debug otherwise. The query is kept (selectors, watch); headers, which carry the token, are not.
 */
function logRequest(ctx: ApiContext, req: ApiRequest, res: ApiResponse, ms: number): void {
  const q = new URLSearchParams(req.query);
  if (q.has('access_token')) q.set('access_token', '<masked>');
  const query = q.toString();
  const fields = {
    method: req.method,
    uri: query ? `${req.path}?${query}` : req.path,
    status: res.statusCode,
    durationMs: Math.round(ms),
    userAgent: req.headers['user-agent'],
    ...(req.authenticationError ? { authenticationError: req.authenticationError } : {}),
    ...(res.stream ? { streaming: true } : {}),
  };
  if (ctx.config.logRequests) logger.info('request', fields);
  else logger.debug('request', fields);
}

async function route(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const path = req.path;
  const healthCheck = healthPath(path);
  if (healthCheck && healthCheck.check === undefined) return health(ctx.store, req);
  if (path === '/version' || path === '/version/') return json(200, VERSION_INFO);
  if (path === '/.well-known/openid-configuration') return openIdConfiguration(ctx, req);
  if (path === '/openid/v1/jwks') return jwksDocument(ctx);
  // ECS tasks' token sidecars authenticate with their task role's STS identity, checked there.
  if (path === POD_TOKEN_PATH) return podTokenEndpoint(ctx, req);
  if (!isPublic(path)) req.user = await authenticate(ctx, req);
  await authorizeRequest(ctx.store, req);
  if (healthCheck) return health(ctx.store, req);
  if (path === '/metrics') return { statusCode: 200, headers: { 'content-type': METRICS_CONTENT_TYPE }, body: requestMetrics.render() };
  if (path === '/openapi/v2' || path === '/openapi/v2/') return openApiV2(req, await allResources(ctx.store));
  if (path === '/openapi/v3' || path === '/openapi/v3/') return json(200, openApiIndex(await allResources(ctx.store)));
  if (path.startsWith('/openapi/v3/')) {
    const gv = openApiPath(path);
    if (!gv) throw new PathNotFoundError();
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: openApiDocument(gv.group, gv.version, await allResources(ctx.store)) };
  }
  let r: ReturnType<typeof parseRoute>;
  try {
    r = parseRoute(path);
  } catch (err) {
    if (err instanceof InvalidEscapeError) throw new BadRequestError(err.message);
    throw err;
  }
  if (!r && !isApiPath(path)) return { statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: '404 page not found\n' };
  if (!r) throw new PathNotFoundError();
  if (r.type === 'discovery') {
    if (req.method !== 'GET') throw new PathNotFoundError();
    const aggregated = aggregatedVersion(req.headers.accept);
    if (aggregated && r.version === undefined && r.group === undefined) {
      const type = aggregated === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1;
      return json(200, aggregatedDiscovery(r.root, aggregated, await allResources(ctx.store)), { 'content-type': type });
    }
    return json(200, legacyDiscovery(r, await allResources(ctx.store)));
  }
  return handleResource(ctx, req, r);
}

/** Paths under upstream's API roots answer a 404 Status; any other unknown path Go's plain `404 page not found`. */
function isApiPath(path: string): boolean {
  return /^\/(api|apis|openapi)(\/|$)/.test(path);
}

/**
 * Upstream indents JSON for `?pretty=true` (read with Go's strconv.ParseBool, a bad value being
 * false) and, without the parameter, for curl, Wget and browsers.
 */
function prettyPrinted(req: ApiRequest, res: ApiResponse): ApiResponse {
  if (res.stream || res.bodyEncoding || !(res.headers['content-type'] ?? '').startsWith('application/json')) return res;
  const pp = req.query.get('pretty');
  const ua = req.headers['user-agent'] ?? '';
  const pretty = pp ? ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(pp) : /^(curl|Wget|Mozilla\/5\.0)/.test(ua);
  if (!pretty) return res;
  try {
    return { ...res, body: `${JSON.stringify(JSON.parse(res.body), null, 2)}\n` };
  } catch {
    return res;
  }
}
