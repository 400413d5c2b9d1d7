import { MethodNotAllowedError, NotFoundError, PathNotFoundError } from '../api/errors';
import { resolveResource } from '../registry/custom/registry';
import { createObject } from '../registry/create';
import { deleteObject } from '../registry/delete';
import { deleteOptions } from './delete-options';
import { KubeObject, ResourceDef, storageKey } from '../registry/resource';
import { updateObject } from '../registry/update';
import { parseBody } from './body';
import { ApiContext } from './context';
import { ApiRequest, ApiResponse, json } from './http';
import { buildMatcher, decodeContinue, encodeContinue, parseLimit } from './list-query';
import { writeQuery } from './options';
import { patchFunction } from './patch';
import { ResourceRoute } from './route';
import { bindPod, createBinding } from './subresources/binding';
import { evictPodSubresource } from './subresources/eviction';
import { podLog } from './subresources/log';
import { streamingNotSupported } from './subresources/streaming-unsupported';
import { checkCustomResourceBody, customScale } from './subresources/custom';
import { scaleOf, scaleUpdate } from './subresources/scale';
import { queryBool } from './query-bool';
import { respondObject, respondList } from './respond';
import { serveWatch } from './watch';
import { reviewHandler } from './reviews';
import { METRICS_GROUP, serveMetrics } from './metrics-api';
import { convertedVersionOf, serveConverted } from './versions/converted';
import { componentStatuses } from './componentstatus';
import { serviceAccountToken } from './subresources/token';
import { serveProxy } from './proxy';

export async function handleResource(ctx: ApiContext, req: ApiRequest, route: ResourceRoute): Promise<ApiResponse> {
  const def = await resolveResource(ctx.store, route.group, route.version, route.resource);
  if (!def) throw new PathNotFoundError();
  if (def.custom) checkCustomResourceBody(req);
  if (route.namespace !== undefined && !def.namespaced) throw new PathNotFoundError();
  if (route.subresource && !def.subresources.includes(route.subresource)) throw new PathNotFoundError();
  const namespace = def.namespaced ? route.namespace : undefined;
  if (route.subresource === 'finalize' && req.method !== 'PUT') throw new MethodNotAllowedError();
  if (reviewHandler(def) && (req.method !== 'POST' || route.name || route.watch)) throw new MethodNotAllowedError();
  checkKeyLengths(def, namespace, route.name);
  if (def.group === METRICS_GROUP) {
    if (route.watch || route.subresource) throw new MethodNotAllowedError();
    return serveMetrics(ctx, req, def, namespace, route.name);
  }
  const converted = convertedVersionOf(def);
  if (converted) return serveConverted(ctx, req, route, def, converted);
  if (def.group === '' && def.resource === 'componentstatuses' && !route.watch) return componentStatuses(ctx, req, def, route.name);
  if (def.group === '' && def.resource === 'bindings') {
    if (route.name || route.watch) throw new MethodNotAllowedError();
    return createBinding(ctx, req, namespace);
  }
  if (route.watch) return legacyWatch(ctx, req, def, namespace, route.name);
  if (!route.name) return collection(ctx, req, def, namespace);
  if (route.subresource === 'binding') return bindPod(ctx, req, def, namespace as string, route.name);
  if (route.subresource === 'log') return podLog(ctx, req, namespace as string, route.name);
  if (route.subresource === 'exec' || route.subresource === 'attach' || route.subresource === 'portforward') {
    return streamingNotSupported(ctx, req, namespace as string, route.name, route.subresource);
  }
  if (route.subresource === 'eviction') return evictPodSubresource(ctx, req, namespace as string, route.name);
  if (route.subresource === 'scale') return def.custom ? customScale(ctx, req, def, namespace, route.name) : scale(ctx, req, def, namespace, route.name);
  if (route.subresource === 'token') return serviceAccountToken(ctx, req, namespace as string, route.name);
  if (route.subresource === 'proxy') return serveProxy(ctx, req, def.resource, namespace, route.name, route.proxyPath ?? '');
  return item(ctx, req, def, namespace, route.name, route.subresource === 'finalize' ? undefined : route.subresource);
}

/**
 * No object can have a name or namespace beyond upstream's limits (253 and 63 bytes), so such a
 * path names nothing: 404 at once, before a key too long for the table reaches storage.
 */
function checkKeyLengths(def: ResourceDef, namespace: string | undefined, name: string | undefined): void {
  if (namespace !== undefined && Buffer.byteLength(namespace) > MAX_NAMESPACE_BYTES) {
    throw new NotFoundError({ group: '', resource: 'namespaces' }, namespace);
  }
  if (name !== undefined && Buffer.byteLength(name) > MAX_NAME_BYTES) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
}

const MAX_NAMESPACE_BYTES = 63;
const MAX_NAME_BYTES = 253;

async function collection(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined): Promise<ApiResponse> {
  switch (req.method) {
    case 'GET':
      if (queryBool(req.query, 'watch')) return serveWatch(ctx, req, def, namespace);
      return list(ctx, req, def, namespace);
    case 'POST': {
      if (def.namespaced && namespace === undefined) throw new MethodNotAllowedError();
      const review = reviewHandler(def);
      if (review) {
        const body = parseBody(req.body, req.headers['content-type'], req.rawBody) as KubeObject;
        return respondObject(req, def, await review(ctx, req, def, body, namespace), 201);
      }
      if (def.custom?.terminating) throw new MethodNotAllowedError(`create not allowed while custom resource definition is terminating`);
      const q = { ...writeQuery(req.query), userAgent: req.headers['user-agent'], user: req.user };
      const result = await createObject(ctx, def, namespace, parseBody(req.body, req.headers['content-type'], req.rawBody), q);
      return respondObject(req, def, result.object, 201, result.warnings);
    }
    case 'DELETE':
      return deleteCollection(ctx, req, def, namespace);
    default:
      throw new MethodNotAllowedError();
  }
}

/** `/api/v1/watch/...`: a watch of the collection, or of one object by a metadata.name field selector, as upstream. */
function legacyWatch(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined, name: string | undefined): ApiResponse {
  if (req.method !== 'GET') throw new MethodNotAllowedError();
  if (!def.verbs.includes('watch')) throw new MethodNotAllowedError();
  if (name === undefined) return serveWatch(ctx, req, def, namespace);
  const query = new URLSearchParams(req.query);
  const selector = query.get('fieldSelector');
  query.set('fieldSelector', selector ? `metadata.name=${name},${selector}` : `metadata.name=${name}`);
  return serveWatch(ctx, { ...req, query }, def, namespace);
}

async function list(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined): Promise<ApiResponse> {
  const matcher = buildMatcher(def, req.query);
  const limit = parseLimit(req.query);
  const token = req.query.get('continue');
  const after = token ? decodeContinue(token, storageKey(def), namespace).start : undefined;
  const page = await ctx.store.list(storageKey(def), namespace, { after, limit, accept: (o) => matcher(o as KubeObject) });
  const metadata: Record<string, unknown> = { resourceVersion: String(page.resourceVersion) };
  if (page.continueAfter) metadata.continue = encodeContinue(storageKey(def), page.resourceVersion, page.continueAfter);
  return respondList(req, def, page.items as KubeObject[], metadata);
}

async function deleteCollection(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined): Promise<ApiResponse> {
  if (!def.verbs.includes('deletecollection')) throw new MethodNotAllowedError();
  const matcher = buildMatcher(def, req.query);
  const opts = { ...deleteOptions(req), user: req.user };
  const page = await ctx.store.list(storageKey(def), namespace, { accept: (o) => matcher(o as KubeObject) });
  const deleted: KubeObject[] = [];
  for (const obj of page.items as KubeObject[]) {
    try {
      deleted.push((await deleteObject(ctx, def, obj.metadata.namespace as string | undefined, String(obj.metadata.name), opts)).object);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return respondList(req, def, deleted, { resourceVersion: String(page.resourceVersion) });
}

async function item(
  ctx: ApiContext,
  req: ApiRequest,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
): Promise<ApiResponse> {
  switch (req.method) {
    case 'GET': {
      const obj = await ctx.store.get(storageKey(def), namespace, name);
      if (!obj) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
      return respondObject(req, def, obj as KubeObject, 200);
    }
    case 'PUT': {
      const q = { ...writeQuery(req.query), userAgent: req.headers['user-agent'], user: req.user };
      const body = parseBody(req.body, req.headers['content-type'], req.rawBody);
      const result = await updateObject(ctx, def, namespace, name, subresource, () => body, {
        ...q,
        createIfMissing: def.resource === 'leases' || def.resource === 'events' || def.resource === 'endpoints' ? () => body : undefined,
      });
      return respondObject(req, def, result.object, result.created ? 201 : 200, result.warnings);
    }
    case 'PATCH': {
      const q = { ...writeQuery(req.query), userAgent: req.headers['user-agent'], user: req.user };
      const patch = patchFunction(def, req, q);
      const result = await updateObject(ctx, def, namespace, name, subresource, patch.apply, {
        ...q,
        applied: patch.applied,
        pinned: patchSetsResourceVersion(req.body),
        fieldValidation: patch.fieldValidation ?? q.fieldValidation,
        createIfMissing: patch.createIfMissing,
      });
      return respondObject(req, def, result.object, result.created ? 201 : 200, result.warnings);
    }
    case 'DELETE': {
      if (subresource) throw new MethodNotAllowedError();
      const result = await deleteObject(ctx, def, namespace, name, { ...deleteOptions(req), user: req.user });
      return respondObject(req, def, result.object, 200);
    }
    default:
      throw new MethodNotAllowedError();
  }
}

async function scale(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined, name: string): Promise<ApiResponse> {
  if (req.method === 'GET') {
    const obj = await ctx.store.get(storageKey(def), namespace, name);
    if (!obj) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
    return json(200, scaleOf(obj as KubeObject));
  }
  if (req.method !== 'PUT' && req.method !== 'PATCH') throw new MethodNotAllowedError();
  const q = { ...writeQuery(req.query), userAgent: req.headers['user-agent'], user: req.user };
  const result = await updateObject(ctx, def, namespace, name, undefined, scaleUpdate(req), q);
  return json(200, scaleOf(result.object));
}

/** Whether a patch body itself names a resourceVersion (a precondition), in any patch format. */
function patchSetsResourceVersion(body: string | undefined): boolean {
  return /"resourceVersion"\s*:|resourceVersion\s*:|\/metadata\/resourceVersion/.test(body ?? '');
}
