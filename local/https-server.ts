import https from 'node:https';
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ClientCertificate } from '../shared/auth/authn/x509';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fromEvent, toEvent } from '../shared/apiserver/lambda';
import { handleRequest } from '../shared/apiserver/server';
import { bodyBytes } from '../shared/apiserver/http';
import { ApiContext } from '../shared/apiserver/context';
import { MAX_BODY_BYTES } from '../shared/apiserver/media';
import { tooLarge } from '../shared/apiserver/body';
import { Pki } from './pki';

/** The body, or 'too large' once it passes the limit (the rest is read and dropped, never half-kept). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    else chunks.length = 0;
  }
  if (size > MAX_BODY_BYTES) return 'too large';
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

/** Go's http.DefaultMaxHeaderBytes, what kube-apiserver accepts for the request line and headers. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * The local API endpoint: each HTTPS request becomes the same API Gateway v2 event the Lambda
 * receives and goes through the same adapter and core; only watch responses are streamed here.
 */
export function startHttpsServer(ctx: ApiContext, pki: Pki, port: number): Promise<https.Server> {
  // Client certificates are asked for and checked against the cluster CA (upstream's --client-ca-file), never required.
  const tls = { key: pki.serverKey, cert: pki.serverCert, ca: [pki.caCert], requestCert: true, rejectUnauthorized: false };
  const server = https.createServer({ ...tls, maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    void serve(ctx, req, res);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function serve(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const body = await readBody(req);
    if (body === 'too large') {
      const error = tooLarge();
      res.writeHead(error.code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(error.toStatus()));
      return;
    }
    const event = toEvent(req.method ?? 'GET', req.url ?? '/', headers, body);
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const response = await handleRequest(ctx, { ...fromEvent(event), signal: abort.signal, sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''), clientCertificate: clientCertificateOf(req.socket as TLSSocket) });
    const outHeaders = response.cookies?.length ? { ...response.headers, 'set-cookie': response.cookies } : response.headers;
    if (!response.stream) {
      res.writeHead(response.statusCode, outHeaders);
      res.end(bodyBytes(response));
      return;
    }
    res.writeHead(response.statusCode, outHeaders);
    res.flushHeaders();
    let closed = false;
    res.on('close', () => (closed = true));
    const iterator = response.stream[Symbol.asyncIterator]();
    while (!closed) {
      const next = await iterator.next();
      if (next.done) break;
      res.write(next.value);
    }
    await iterator.return?.();
    res.end();
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(err), reason: 'InternalError', code: 500 }));
  }
}

/** The client's certificate, when it sent one that chains to the cluster CA and is within its dates. */
function clientCertificateOf(socket: TLSSocket): ClientCertificate | undefined {
  if (!socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return undefined;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return {
    commonName: list(peer.subject?.CN)[0] ?? '',
    organizations: list(peer.subject?.O),
    extKeyUsage: peer.ext_key_usage,
    sha256: createHash('sha256').update(peer.raw).digest('hex'),
  };
}
