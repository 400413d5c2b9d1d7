import https from 'node:https';
import tls from 'node:tls';
import { ClusterDialer, directDialer, goDialError } from '../../apiserver/proxy/dial';

/** kube-aggregator's discovery client gives up after 5 s. */
export const DISCOVERY_TIMEOUT_MS = 5_000;

export interface DiscoveryTls {
  insecureSkipTLSVerify?: boolean;
  /** base64 PEM, as the APIService carries it. */
  caBundle?: string;
}

/**
 * One GET of an extension API server's discovery document, as the aggregator's availability check
 * makes it: its status code, or the error as Go's HTTP client words it. Redirects are not followed.
 */
export function checkDiscovery(url: string, opts: DiscoveryTls, dial: ClusterDialer = directDialer): Promise<{ statusCode: number } | { error: string }> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 443);
  const hostPort = `${target.hostname}:${port}`;
  return new Promise((resolve) => {
    let connected = false;
    const createConnection = () => {
      const raw = dial(host, port);
      raw.once('connect', () => (connected = true));
      const ca = opts.caBundle ? Buffer.from(opts.caBundle, 'base64').toString('utf8') : undefined;
      return tls.connect({ socket: raw, rejectUnauthorized: !opts.insecureSkipTLSVerify, ca, servername: undefined });
    };
    const req = https.request({ method: 'GET', host, port, path: `${target.pathname}${target.search}`, createConnection, headers: { accept: 'application/json' } }, (res) => {
      res.resume();
      resolve({ statusCode: res.statusCode ?? 0 });
    });
    req.setTimeout(DISCOVERY_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'SKIFF_CLIENT_TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'SKIFF_CLIENT_TIMEOUT') resolve({ error: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)' });
      else if (err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err.code === 'SELF_SIGNED_CERT_IN_CHAIN' || err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT') resolve({ error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' });
      else resolve({ error: goDialError(err, hostPort, connected) });
    });
    req.end();
  });
}
