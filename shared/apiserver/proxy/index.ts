import { MethodNotAllowedError } from '../../api/errors';
import type { ApiContext } from '../context';
import type { ApiRequest, ApiResponse } from '../http';
import { Backend } from './backend';
import { directDialer } from './dial';
import { forward } from './forward';
import { locateNode } from './node';
import { locatePod } from './pod';
import { locateService } from './service';
import { backendPath } from './target';

/** What the proxy subresources forward (upstream's proxyMethods). */
export const PROXY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/**
 * `pods/proxy`, `services/proxy` and `nodes/proxy`: resolve the backend the path names, then
 * forward the request (method, rest of the path, query, headers, body) and stream its answer.
 * Authorization happened before (verb from the method on `<resource>/proxy`, as upstream).
 */
export async function serveProxy(ctx: ApiContext, req: ApiRequest, resource: string, namespace: string | undefined, id: string, proxyPath: string): Promise<ApiResponse> {
  if (!PROXY_METHODS.includes(req.method)) throw new MethodNotAllowedError();
  const backend = await locate(ctx, resource, namespace, id);
  const path = backendPath(proxyPath);
  // Upstream redirects an empty path to the same with a slash (kubernetes/kubernetes#4958).
  if (path === '' && (req.method === 'GET' || req.method === 'HEAD')) {
    const query = req.rawQuery ?? req.query.toString();
    return { statusCode: 301, headers: { location: `${req.path}/${query ? `?${query}` : ''}` }, body: '' };
  }
  const prefix = proxyPath === '' ? req.path : req.path.slice(0, req.path.length - proxyPath.length);
  return forward(req, { backend, path, prefix, dial: ctx.clusterDialer ?? directDialer });
}

function locate(ctx: ApiContext, resource: string, namespace: string | undefined, id: string): Promise<Backend> {
  if (resource === 'pods') return locatePod(ctx.store, namespace as string, id);
  if (resource === 'services') return locateService(ctx.store, namespace as string, id);
  return locateNode(ctx.store, id);
}
