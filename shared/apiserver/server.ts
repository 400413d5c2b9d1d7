import { ApiError, InternalError, PathNotFoundError } from '../api/errors';
import { authenticate, isPublic } from './auth';
import { ApiContext } from './context';
import { aggregatedDiscovery, aggregatedVersion, AGGREGATED_V2, AGGREGATED_V2BETA1, legacyDiscovery } from './discovery';
import { ApiRequest, ApiResponse, json } from './http';
import { openApiDocument, openApiIndex, openApiPath } from './openapi';
import { handleResource } from './resources';
import { parseRoute } from './route';
import { VERSION_INFO } from './version';
import { logger } from '../logging';

/** The API server core: one request in, one response (or event stream) out, whatever the transport. */
export async function handleRequest(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const started = performance.now();
  const response = await respond(ctx, req);
  logRequest(ctx, req, response, performance.now() - started);
  return response;
}

async function respond(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
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
  const query = req.query.toString();
  const fields = {
    method: req.method,
    uri: query ? `${req.path}?${query}` : req.path,
    status: res.statusCode,
    durationMs: Math.round(ms),
    userAgent: req.headers['user-agent'],
    ...(res.stream ? { streaming: true } : {}),
  };
  if (ctx.config.logRequests) logger.info('request', fields);
  else logger.debug('request', fields);
}

async function route(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const path = req.path;
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    return { statusCode: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'ok' };
  }
  if (path === '/version') return json(200, VERSION_INFO);
  if (!isPublic(path)) authenticate(req, ctx.config.tokenHashes);
  if (path === '/openapi/v3' || path === '/openapi/v3/') return json(200, openApiIndex());
  if (path.startsWith('/openapi/v3/')) {
    const gv = openApiPath(path);
    if (!gv) throw new PathNotFoundError();
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: openApiDocument(gv.group, gv.version) };
  }
  const r = parseRoute(path);
  if (!r) throw new PathNotFoundError();
  if (r.type === 'discovery') {
    if (req.method !== 'GET') throw new PathNotFoundError();
    const aggregated = aggregatedVersion(req.headers.accept);
    if (aggregated && r.version === undefined && r.group === undefined) {
      const type = aggregated === 'v2' ? AGGREGATED_V2 : AGGREGATED_V2BETA1;
      return json(200, aggregatedDiscovery(r.root, aggregated), { 'content-type': type });
    }
    return json(200, legacyDiscovery(r));
  }
  return handleResource(ctx, req, r);
}
