import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { ApiRequest, ApiResponse } from '../http';
import { Backend, ServiceUnavailableError } from './backend';
import { ClusterDialer, DIAL_TIMEOUT_MS, goDialError } from './dial';
import { requestHeaders, responseHeaders, rewriteLocation } from './headers';
import { joinHostPort } from './target';

export interface Forwarding {
  backend: Backend;
  /** The path on the backend (query apart). */
  path: string;
  /** The request's path up to and including `/proxy`: what a rewritten Location is put under. */
  prefix: string;
  dial: ClusterDialer;
}

/**
 * One request through to the backend and its response back, streamed as it arrives: the body is
 * not read whole, so a large or long response (a log, an event stream) flows on transports that
 * stream. A backend that cannot be reached is upstream's 503 `error trying to reach service: ...`.
 * https backends are not verified, as kube-apiserver's proxy transport does not verify them.
 */
export function forward(req: ApiRequest, f: Forwarding): Promise<ApiResponse> {
  const hostPort = joinHostPort(f.backend.host, f.backend.port);
  const query = req.rawQuery ?? req.query.toString();
  const body = req.rawBody ?? (req.body !== undefined ? Buffer.from(req.body) : undefined);
  const headers = requestHeaders(req.headers, req.sourceIp, `${f.prefix}${f.path}`);
  if (body && body.length > 0) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let connected = false;
    const createConnection = () => {
      const raw = f.dial(f.backend.host, f.backend.port);
      const timer = setTimeout(() => raw.destroy(Object.assign(new Error('dial timeout'), { code: 'ETIMEDOUT' })), DIAL_TIMEOUT_MS);
      raw.once('connect', () => {
        connected = true;
        clearTimeout(timer);
      });
      raw.once('close', () => clearTimeout(timer));
      if (f.backend.scheme === 'http') return raw;
      return tls.connect({ socket: raw, rejectUnauthorized: false, servername: undefined });
    };
    const options = { method: req.method, path: `${f.path || '/'}${query ? `?${query}` : ''}`, headers, createConnection };
    const outgoing = (f.backend.scheme === 'https' ? https : http).request({ ...options, host: f.backend.host, port: f.backend.port }, (res) => {
      const { headers: out, cookies } = responseHeaders(res.headers);
      if (out.location) out.location = rewriteLocation(out.location, f.prefix, hostPort, req.headers.host);
      req.signal?.addEventListener('abort', () => res.destroy(), { once: true });
      resolve({ statusCode: res.statusCode ?? 502, headers: out, ...(cookies.length ? { cookies } : {}), body: '', stream: chunks(res) });
    });
    outgoing.on('error', (err: NodeJS.ErrnoException) => {
      reject(new ServiceUnavailableError(`error trying to reach service: ${goDialError(err, hostPort, connected)}`));
    });
    req.signal?.addEventListener('abort', () => outgoing.destroy(), { once: true });
    outgoing.end(body);
  });
}

/** The response body as it arrives; a backend that breaks off mid-body just ends it, as a proxy can do no more. */
async function* chunks(res: http.IncomingMessage): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of res) yield chunk as Buffer;
  } catch {
    return;
  } finally {
    res.destroy();
  }
}
