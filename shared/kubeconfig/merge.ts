/**
 * A kubeconfig as Skiff writes into one: the parts it touches are typed, everything else in an
 * existing file (preferences, extensions, other fields) is kept as it is.
 */
export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: Record<string, unknown> }[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** The clusters, users and contexts one writer owns (the local runner's, a deployed stack's). */
export type KubeconfigEntries = Required<Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'>>;

/** `existing` with each entry of the same name replaced in place, and the others appended. */
function upsert<E extends { name: string }>(existing: E[] | undefined | null, entries: E[]): E[] {
  const out = [...(existing ?? [])];
  for (const e of entries) {
    const i = out.findIndex((x) => x.name === e.name);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/**
 * Merges entries into an existing kubeconfig, as kind, minikube and `aws eks update-kubeconfig` do:
 * entries of the same name are replaced (a restart, a redeploy, a new token), every other cluster,
 * user and context and every other field is kept, and the current context becomes `switchTo` when
 * given. Without an existing kubeconfig the result is a new one holding only the entries.
 */
export function mergeKubeconfig(existing: Kubeconfig | undefined, entries: KubeconfigEntries, switchTo?: string): Kubeconfig {
  const base: Kubeconfig = existing ?? {};
  const merged: Kubeconfig = {
    ...base,
    apiVersion: base.apiVersion ?? 'v1',
    kind: base.kind ?? 'Config',
    clusters: upsert(base.clusters, entries.clusters),
    users: upsert(base.users, entries.users),
    contexts: upsert(base.contexts, entries.contexts),
    preferences: base.preferences ?? {},
  };
  const current = switchTo ?? base['current-context'];
  if (current !== undefined) merged['current-context'] = current;
  return merged;
}

/** The bearer token of the user entry named `user`, if it has one. */
export function userToken(config: Kubeconfig | undefined, user: string): string | undefined {
  const token = config?.users?.find((u) => u.name === user)?.user?.token;
  return typeof token === 'string' ? token : undefined;
}
