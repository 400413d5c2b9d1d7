import type { KubeconfigEntries } from '../../shared/kubeconfig/merge';

export { mergeKubeconfig } from '../../shared/kubeconfig/merge';
export type { Kubeconfig, KubeconfigEntries } from '../../shared/kubeconfig/merge';

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
export function stackEntries(a: StackAccess): KubeconfigEntries {
  const user = `${a.name}-admin`;
  const clusters = [{ name: a.name, cluster: { server: a.apiUrl } }];
  const contexts = [{ name: a.name, context: { cluster: a.name, user, namespace: 'default' } }];
  if (a.watchUrl) {
    clusters.push({ name: `${a.name}-watch`, cluster: { server: a.watchUrl.replace(/\/$/, '') } });
    contexts.push({ name: `${a.name}-watch`, context: { cluster: `${a.name}-watch`, user, namespace: 'default' } });
  }
  return { clusters, users: [{ name: user, user: { token: a.token } }], contexts };
}
