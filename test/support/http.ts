import https from 'node:https';
import * as yaml from 'js-yaml';
import fs from 'node:fs';
import { KUBECONFIG_NAMES } from '../../local/kubeconfig';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** Raw HTTPS calls against a test cluster, trusting its CA, with or without the admin token. */
export function apiClient(kubeconfig: string) {
  const config = yaml.load(fs.readFileSync(kubeconfig, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token: string } }[];
  };
  // Skiff's own entries, whatever else the kubeconfig holds.
  const { cluster } = config.clusters.find((c) => c.name === KUBECONFIG_NAMES.cluster) ?? config.clusters[0];
  const server = new URL(cluster.server);
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
  const token = (config.users.find((u) => u.name === KUBECONFIG_NAMES.user) ?? config.users[0]).user.token;
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 64 });
  const request = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, auth = true, signal?: AbortSignal): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: server.hostname,
          port: server.port,
          method,
          path,
          agent,
          signal,
          headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T });
          });
        },
      );
      req.on('error', reject);
      if (body) req.write(body);
      req.end();
    });
  return { request, token, agent, server, ca };
}
