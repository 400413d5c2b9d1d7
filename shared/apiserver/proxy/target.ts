/**
 * The pure parts of upstream's proxy subresources: the `[scheme:]name[:port]` in the path
 * (apimachinery's SplitSchemeNamePort), which addresses may be proxied to, and how the
 * backend's path is built.
 */
import net from 'node:net';

export interface ProxyTarget {
  scheme: '' | 'http' | 'https';
  name: string;
  port: string;
}

/** `name`, `name:port` or `scheme:name:port`, scheme http or https; undefined when invalid (upstream's 400). */
export function splitSchemeNamePort(id: string): ProxyTarget | undefined {
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port = '';
  if (parts.length === 1) [name] = parts;
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else return undefined;
  if (!name || (scheme !== '' && scheme !== 'http' && scheme !== 'https')) return undefined;
  return { scheme: scheme as ProxyTarget['scheme'], name, port };
}

/**
 * Whether the API server may proxy to an address (upstream's IsProxyableIP): a global unicast
 * address, never loopback, link-local, multicast or unspecified, so the API server cannot be
 * turned against its own host.
 */
export function isProxyableIp(ip: string | undefined): boolean {
  if (!ip) return false;
  const family = net.isIP(ip);
  if (family === 4) {
    const [a, b] = ip.split('.').map(Number);
    if (a === 0 || a === 127 || (a >= 224 && a <= 239) || ip === '255.255.255.255') return false;
    return !(a === 169 && b === 254);
  }
  if (family === 6) {
    const low = ip.toLowerCase();
    if (low === '::' || low === '::1') return false;
    if (/^fe[89ab]/.test(low) || low.startsWith('ff')) return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(low);
    return mapped ? isProxyableIp(mapped[1]) : true;
  }
  return false;
}

/** `host:port` as Go's net.JoinHostPort writes it (IPv6 in brackets). */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The backend path: the location's path joined with the request's, keeping its trailing slash (JoinPreservingTrailingSlash). */
export function backendPath(proxyPath: string): string {
  if (proxyPath === '' || proxyPath === '/') return proxyPath;
  const segments: string[] = [];
  for (const s of proxyPath.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  const joined = `/${segments.join('/')}`;
  return proxyPath.endsWith('/') && joined !== '/' ? `${joined}/` : joined;
}

/** The port the path names, as a number, if it is one. */
export function portNumber(port: string): number | undefined {
  return /^\d+$/.test(port) ? Number(port) : undefined;
}
