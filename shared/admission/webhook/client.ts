/**
 * One AdmissionReview POST to a webhook over HTTPS, verifying its certificate against the
 * configuration's caBundle (the system roots when none), with the webhook's timeout. Errors read
 * as Go's net/http ones do in upstream's messages (`Post "<url>": dial tcp ...: connect: connection refused`).
 */
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Target } from './resolve';

export class CallError extends Error {}

/** Upstream adds the timeout to the URL it posts to (`?timeout=10s`). */
export function withTimeout(url: string, seconds: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}timeout=${seconds}s`;
}

function goError(err: NodeJS.ErrnoException, target: Target): string {
  const addr = `${target.host}:${target.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${target.host}: no such host`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${target.serverName}`;
    default:
      return err.message;
  }
}

export function postReview(target: Target, body: unknown, caBundle: string | undefined, timeoutSeconds: number): Promise<unknown> {
  const url = withTimeout(target.url, timeoutSeconds);
  const path = new URL(target.url).pathname + `?timeout=${timeoutSeconds}s`;
  const payload = Buffer.from(JSON.stringify(body));
  const ca = caBundle ? Buffer.from(caBundle, 'base64').toString('utf8') : undefined;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new CallError(`failed to call webhook: Post "${url}": ${message}`));
    const req = https.request(
      {
        host: target.host,
        port: target.port,
        method: 'POST',
        path,
        servername: net.isIP(target.serverName) ? undefined : target.serverName,
        ca,
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(target.serverName, cert),
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': payload.length },
        timeout: timeoutSeconds * 1000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => fail(err.message));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code >= 300) {
            reject(new CallError(`failed to call webhook: the server responded with the status code ${code} but did not return more information`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(new CallError('received invalid webhook response: the response is not JSON'));
          }
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      fail('context deadline exceeded');
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(goError(err, target)));
    req.end(payload);
  });
}
