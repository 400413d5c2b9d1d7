import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';

/** Writes a kubeconfig for the local cluster: its CA, the HTTPS endpoint and the admin token. */
export function writeKubeconfig(file: string, server: string, caPem: string, token: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'skiff', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'skiff-admin', user: { token } }],
    contexts: [{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin', namespace: 'default' } }],
    'current-context': 'skiff',
    preferences: {},
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, yaml.dump(config), { mode: 0o600 });
}

/** The token an earlier run wrote, so a restart keeps kubeconfigs already handed out working. */
export function readKubeconfigToken(file: string): string | undefined {
  try {
    const config = yaml.load(fs.readFileSync(file, 'utf8')) as { users?: { user?: { token?: string } }[] };
    return config.users?.[0]?.user?.token;
  } catch {
    return undefined;
  }
}
