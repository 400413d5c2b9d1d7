/** The parts of a kubeconfig this command writes; everything else in an existing file is kept as it is. */
export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: Record<string, unknown> }[];
  'current-context'?: string;
  [key: string]: unknown;
}

export interface StackAccess {
  /** Names the cluster, user and context entries (the stack name). */
  name: string;
  apiUrl: string;
  watchUrl?: string;
  token: string;
}

/**
 * The entries for one deployed cluster: context `<name>` through API Gateway (every request; watches
 * in 25 s windows) and context `<name>-watch` through the streaming Function URL (watches held up to
 * 15 minutes, for informers and `kubectl get -w`). Both use the same admin user. The endpoints
 * carry AWS's public certificates, so no CA data is needed.
 */
export function stackEntries(a: StackAccess): Required<Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'>> {
  const user = `${a.name}-admin`;
  const clusters = [{ name: a.name, cluster: { server: a.apiUrl } }];
  const contexts = [{ name: a.name, context: { cluster: a.name, user, namespace: 'default' } }];
  if (a.watchUrl) {
    clusters.push({ name: `${a.name}-watch`, cluster: { server: a.watchUrl.replace(/\/$/, '') } });
    contexts.push({ name: `${a.name}-watch`, context: { cluster: `${a.name}-watch`, user, namespace: 'default' } });
  }
  return { clusters, users: [{ name: user, user: { token: a.token } }], contexts };
}

function upsert<E extends { name: string }>(existing: E[] | undefined, entries: E[]): E[] {
  const out = [...(existing ?? [])];
  for (const e of entries) {
    const i = out.findIndex((x) => x.name === e.name);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/**
 * Merges the entries into an existing kubeconfig: entries of the same name are replaced (a redeploy
 * or a new token), every other cluster, user and context is kept, and the current context becomes
 * `switchTo` when given (as `aws eks update-kubeconfig` does).
 */
export function mergeKubeconfig(existing: Kubeconfig | undefined, entries: ReturnType<typeof stackEntries>, switchTo?: string): Kubeconfig {
  const base: Kubeconfig = existing ?? { apiVersion: 'v1', kind: 'Config', preferences: {} };
  return {
    ...base,
    apiVersion: base.apiVersion ?? 'v1',
    kind: base.kind ?? 'Config',
    clusters: upsert(base.clusters, entries.clusters),
    users: upsert(base.users, entries.users),
    contexts: upsert(base.contexts, entries.contexts),
    'current-context': switchTo ?? base['current-context'],
  };
}
