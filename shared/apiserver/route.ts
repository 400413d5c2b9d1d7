/**
 * Parses Kubernetes REST paths: /api/v1/..., /apis/<group>/<version>/..., optionally
 * namespaces/<ns>/ then <resource>[/<name>[/<subresource>]].
 */
export interface ResourceRoute {
  type: 'resource';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** A legacy watch path (`/api/v1/watch/...`, `/apis/<g>/<v>/watch/...`), still served upstream. */
  watch?: boolean;
  /** For the `proxy` subresource: the rest of the path after `/proxy`, as sent (escapes kept, '' when none). */
  proxyPath?: string;
}

export interface DiscoveryRoute {
  type: 'discovery';
  /** `/api`, `/apis`, `/api/v1` or `/apis/<group>[/<version>]`. */
  group?: string;
  version?: string;
  root: 'api' | 'apis';
}

export type Route = ResourceRoute | DiscoveryRoute;

/** A percent-escape that is malformed or not UTF-8: Go's net/url refuses the request (400). */
export class InvalidEscapeError extends Error {}

function unescape(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const bad = /%(?![0-9a-fA-F]{2})..?|%[0-9a-fA-F]{2}/.exec(segment)?.[0] ?? segment;
    throw new InvalidEscapeError(`invalid URL escape ${JSON.stringify(bad)}`);
  }
}

export function parseRoute(path: string): Route | undefined {
  const route = parseParts(path);
  if (route?.type === 'resource' && route.subresource === 'proxy') route.proxyPath = proxyRest(path);
  return route;
}

/** What follows `<resource>/<name>/proxy` in the raw path: upstream forwards it, so its trailing slash and escapes count. */
function proxyRest(path: string): string {
  const m = /^\/+(?:api\/+[^/]+|apis\/+[^/]+\/+[^/]+)\/+(?:namespaces\/+[^/]+\/+)?[^/]+\/+[^/]+\/+proxy(\/.*)?$/.exec(path);
  return m?.[1] ?? '';
}

function parseParts(path: string): Route | undefined {
  const parts = path.split('/').filter((p) => p.length > 0).map(unescape);
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'discovery', root: 'api' };
    if (parts.length === 2) return { type: 'discovery', root: 'api', group: '', version: parts[1] };
    return resourcePath('', parts[1], parts.slice(2));
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'discovery', root: 'apis' };
    if (parts.length === 2) return { type: 'discovery', root: 'apis', group: parts[1] };
    if (parts.length === 3) return { type: 'discovery', root: 'apis', group: parts[1], version: parts[2] };
    return resourcePath(parts[1], parts[2], parts.slice(3));
  }
  return undefined;
}

function resourcePath(group: string, version: string, rest: string[]): ResourceRoute | undefined {
  if (rest[0] === 'watch') {
    const inner = itemPath(group, version, rest.slice(1));
    return inner && !inner.subresource ? { ...inner, watch: true } : undefined;
  }
  return itemPath(group, version, rest);
}

function itemPath(group: string, version: string, rest: string[]): ResourceRoute | undefined {
  // namespaces/<ns>/<resource>... is namespaced; namespaces/<ns>[/status|finalize] is the namespace itself.
  if (rest[0] === 'namespaces' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize')) {
    return { type: 'resource', group, version, resource: 'namespaces', name: rest[1], subresource: rest[2] };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, resource, name, subresource, ...extra] = rest;
    if (extra.length > 0 && subresource !== 'proxy') return undefined;
    return { type: 'resource', group, version, namespace, resource, name, subresource };
  }
  const [resource, name, subresource, ...extra] = rest;
  if ((extra.length > 0 && subresource !== 'proxy') || !resource) return undefined;
  return { type: 'resource', group, version, resource, name, subresource };
}
