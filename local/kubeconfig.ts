import { readKubeconfig, writeKubeconfigFile } from '../shared/kubeconfig/file';
import { KubeconfigEntries, mergeKubeconfig, userToken } from '../shared/kubeconfig/merge';

/** The names of Skiff's entries in a kubeconfig (its cluster, its admin user, the context joining them). */
export const KUBECONFIG_NAMES = { cluster: 'skiff', user: 'skiff-admin', context: 'skiff' } as const;

/** The local runner's entries: its cluster (the CA it generated, the HTTPS endpoint), admin user (the token) and context. */
export function localEntries(server: string, caPem: string, token: string): KubeconfigEntries {
  const { cluster, user, context } = KUBECONFIG_NAMES;
  return {
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: context, context: { cluster, user, namespace: 'default' } }],
  };
}

/**
 * Writes Skiff's cluster, admin user and context into a kubeconfig and makes that context current.
 * An existing file is merged into, as kind and minikube do: entries of other names, and every other
 * field, are kept; Skiff's own entries are replaced. A file that is not a kubeconfig is refused.
 */
export function writeKubeconfig(file: string, server: string, caPem: string, token: string): void {
  writeKubeconfigFile(file, mergeKubeconfig(readKubeconfig(file), localEntries(server, caPem, token), KUBECONFIG_NAMES.context));
}

/** The token an earlier run wrote into Skiff's own user entry, so a restart keeps kubeconfigs already handed out working. */
export function readKubeconfigToken(file: string): string | undefined {
  return userToken(readKubeconfig(file), KUBECONFIG_NAMES.user);
}
