import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';

/** The names of Skiff's entries in a kubeconfig (its cluster, its admin user, the context joining them). */
export const KUBECONFIG_NAMES = { cluster: 'skiff', user: 'skiff-admin', context: 'skiff' } as const;

interface Named {
  name: string;
  [field: string]: unknown;
}

interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [field: string]: unknown;
}

/**
 * Writes Skiff's cluster (its CA, the HTTPS endpoint), admin user (the token) and context into a
 * kubeconfig and makes that context current. An existing file is merged into, as kind and minikube
 * do: entries of other names, and every other field, are kept; Skiff's own entries are replaced.
 */
export function writeKubeconfig(file: string, server: string, caPem: string, token: string): void {
  const config = readKubeconfig(file) ?? {};
  const { cluster, user, context } = KUBECONFIG_NAMES;
  const merged: Kubeconfig = {
    ...config,
    apiVersion: config.apiVersion ?? 'v1',
    kind: config.kind ?? 'Config',
    clusters: upsert(config.clusters, { name: cluster, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }),
    users: upsert(config.users, { name: user, user: { token } }),
    contexts: upsert(config.contexts, { name: context, context: { cluster, user, namespace: 'default' } }),
    'current-context': context,
    preferences: config.preferences ?? {},
  };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Written beside and renamed over, so a crash never leaves the user's other clusters half-written.
  const partial = `${file}.skiff-${process.pid}`;
  fs.writeFileSync(partial, yaml.dump(merged), { mode: 0o600 });
  fs.renameSync(partial, file);
}

/** The token an earlier run wrote into Skiff's own user entry, so a restart keeps kubeconfigs already handed out working. */
export function readKubeconfigToken(file: string): string | undefined {
  const entry = readKubeconfig(file)?.users?.find((u) => u.name === KUBECONFIG_NAMES.user);
  const token = (entry?.user as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/** The kubeconfig in `file`, or undefined when there is none; a file that is not a kubeconfig is refused (thrown) rather than overwritten. */
function readKubeconfig(file: string): Kubeconfig | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = text.trim() === '' ? {} : yaml.load(text);
  } catch (err) {
    throw new Error(`${file} is not a kubeconfig (${(err as Error).message.split('\n')[0]}); not overwriting it`, { cause: err });
  }
  const lists = ['clusters', 'users', 'contexts'] as const;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || lists.some((k) => !isNamedList((doc as Kubeconfig)[k]))) {
    throw new Error(`${file} is not a kubeconfig (expected clusters, users and contexts lists of named entries); not overwriting it`);
  }
  return doc as Kubeconfig;
}

function isNamedList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.every((e) => e !== null && typeof e === 'object' && typeof (e as Named).name === 'string'));
}

/** `list` with the entry of `entry.name` replaced in place, or appended. */
function upsert(list: Named[] | undefined | null, entry: Named): Named[] {
  const entries = list ?? [];
  return entries.some((e) => e.name === entry.name) ? entries.map((e) => (e.name === entry.name ? entry : e)) : [...entries, entry];
}
