import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one gap between the AWS emulator and STS that IAM sign-in meets: moto's server picks the
 * service, and the caller's access key, only from an `Authorization` header, so a presigned GET
 * (SigV4 in the query string, as `aws eks get-token` makes it) reaches no STS there (HTTP 500).
 * This relay forwards every request to the emulator unchanged, adding only, for a presigned
 * request without one, the `Authorization` header its query parameters spell (the same
 * credential scope, signed headers and signature), so the emulator's STS answers who signed.
 * It answers nothing itself; the emulator does not verify signatures either way.
 */
export interface StsRelay {
  url: string;
  stop(): Promise<void>;
}

export async function startStsRelay(emulator: string): Promise<StsRelay> {
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', emulator);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const q = target.searchParams;
    const credential = q.get('X-Amz-Credential');
    if (!headers.authorization && credential) {
      headers.authorization = `${q.get('X-Amz-Algorithm') ?? 'AWS4-HMAC-SHA256'} Credential=${credential}, SignedHeaders=${q.get('X-Amz-SignedHeaders') ?? ''}, Signature=${q.get('X-Amz-Signature') ?? ''}`;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      fetch(target, { method: req.method, headers, body })
        .then(async (r) => {
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'text/xml' });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch((err: Error) => {
          res.writeHead(502);
          res.end(err.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
