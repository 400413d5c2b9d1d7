/**
 * Header handling of upstream's proxy (Go's httputil.ReverseProxy under apimachinery's
 * UpgradeAwareHandler): hop-by-hop headers are dropped both ways, the client's credentials never
 * reach the backend (kube-apiserver drops Authorization and Impersonate-* once it has used them),
 * X-Forwarded-For gains the client's address, X-Forwarded-Uri names the path the client asked for,
 * the backend's CORS headers are removed and a redirect's Location is rewritten to stay behind
 * the proxy.
 */
import path from 'node:path/posix';

const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const CORS = ['access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods', 'access-control-allow-origin'];

type Headers = Record<string, string | string[] | undefined>;

function withoutHopByHop(headers: Headers): Record<string, string | string[]> {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    const key = k.toLowerCase();
    if (v === undefined || HOP_BY_HOP.includes(key) || named.includes(key)) continue;
    out[key] = v;
  }
  return out;
}

/** The headers sent to the backend. `forwardedUri` is the path the client requested. */
export function requestHeaders(headers: Headers, clientIp: string | undefined, forwardedUri: string): Record<string, string | string[]> {
  const out = withoutHopByHop(headers);
  for (const key of Object.keys(out)) if (key === 'authorization' || key.startsWith('impersonate-')) delete out[key];
  delete out['content-length'];
  if (String(headers.te ?? '').toLowerCase().includes('trailers')) out.te = 'trailers';
  if (clientIp) out['x-forwarded-for'] = out['x-forwarded-for'] ? `${String(out['x-forwarded-for'])}, ${clientIp}` : clientIp;
  out['x-forwarded-uri'] = forwardedUri;
  return out;
}

/** The backend's response headers as the client gets them (Set-Cookie apart: it may repeat). */
export function responseHeaders(headers: Headers): { headers: Record<string, string>; cookies: string[] } {
  const out: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [k, v] of Object.entries(withoutHopByHop(headers))) {
    if (CORS.includes(k)) continue;
    if (k === 'set-cookie') cookies = Array.isArray(v) ? v : [v];
    else out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { headers: out, cookies };
}

/**
 * Upstream's rewriteURL for a Location header: an absolute path on the backend (or on the host
 * the client used) is put under the proxy's prefix; a relative URL or another host's is left.
 * `backendHost` is host:port dialed, `requestHost` the Host the client sent.
 */
export function rewriteLocation(location: string, prefix: string, backendHost: string, requestHost: string | undefined): string {
  let url: URL;
  let hostOf = '';
  try {
    const abs = /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
    const network = location.startsWith('//');
    if (!abs && !network && !location.startsWith('/')) return location;
    url = new URL(abs ? location : network ? `http:${location}` : `http://placeholder${location}`);
    if (abs || network) hostOf = url.host;
  } catch {
    return location;
  }
  if (hostOf !== '' && hostOf !== backendHost && hostOf !== requestHost) return location;
  const keepOrigin = hostOf !== '' && hostOf === requestHost;
  let p = url.pathname;
  if (!p.startsWith(prefix)) {
    const trailing = p.endsWith('/');
    p = path.join(prefix, p);
    if (trailing && !p.endsWith('/')) p += '/';
  }
  return `${keepOrigin ? `${url.protocol}//${url.host}` : ''}${p}${url.search}${url.hash}`;
}
