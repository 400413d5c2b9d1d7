import { parseRoute } from '../../apiserver/route';
import { queryBool } from '../../apiserver/query-bool';
import type { UserInfo } from '../user';

/**
 * What an authorizer decides on (k8s.io/apiserver's authorizer.Attributes): who, which verb, and
 * either a resource (group, version, resource, subresource, namespace, name) or a URL path.
 */
export interface Attributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The URL path, for non-resource requests. */
  path: string;
}

const METHOD_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The subresources of a namespace itself (`namespaces/<ns>/status`), not resources inside it. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * A request's attributes as upstream's RequestInfoFactory derives them: paths outside
 * /api/<v>/<resource> and /apis/<g>/<v>/<resource> (discovery, /openapi, /metrics) are non-resource
 * requests with the lowercased method as verb; a GET without a name is a list, or a watch with
 * `watch=true` or a `/watch/` path; a DELETE without a name is a deletecollection; a list or watch
 * selecting `metadata.name=x` names object x, so resourceNames rules apply to it.
 */
export function requestAttributes(user: UserInfo, method: string, path: string, query: URLSearchParams): Attributes {
  const base = { user, apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '', path };
  let route: ReturnType<typeof parseRoute>;
  try {
    route = parseRoute(path);
  } catch {
    route = undefined;
  }
  if (!route || route.type !== 'resource') return { ...base, verb: method.toLowerCase(), resourceRequest: false };
  let verb = METHOD_VERBS[method] ?? method.toLowerCase();
  let name = route.name ?? '';
  let namespace = route.namespace ?? '';
  if (route.resource === 'namespaces' && route.name && (!route.subresource || NAMESPACE_SUBRESOURCES.has(route.subresource))) namespace = route.name;
  if (route.watch) verb = 'watch';
  else if (verb === 'get' && !name) verb = queryBool(query, 'watch') ? 'watch' : 'list';
  else if (verb === 'delete' && !name) verb = 'deletecollection';
  if ((verb === 'list' || verb === 'watch') && !name) name = exactName(query.get('fieldSelector')) ?? '';
  return {
    ...base,
    verb,
    resourceRequest: true,
    apiGroup: route.group,
    apiVersion: route.version,
    resource: route.resource,
    subresource: route.subresource ?? '',
    namespace,
    name,
  };
}

/** The name a field selector pins with `metadata.name=x` (or `==`), when it is a valid path segment. */
function exactName(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/.exec(term);
    if (m && m[1] !== '' && m[1] !== '.' && m[1] !== '..' && !/[/%]/.test(m[1])) return m[1];
  }
  return undefined;
}
