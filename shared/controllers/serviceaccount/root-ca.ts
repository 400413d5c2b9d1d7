import { Controller, objectsOf } from '../controller';
import { create, get, list, R, resource, update } from '../client';
import { ROOT_CA_CONFIGMAP } from '../../registry/kinds/pod-serviceaccount';

const CONFIGMAPS = resource('', 'v1', 'configmaps');

/**
 * Upstream's root-ca-cert-publisher: every active namespace has the `kube-root-ca.crt` ConfigMap
 * with the CA that signs the API's serving certificate (`ca.crt`), which service account token
 * volumes project; recreated when deleted, rewritten when changed. Without a CA (on AWS the API
 * is served with a public certificate its clients trust already) the key holds an empty bundle.
 */
export const rootCaPublisher: Controller = {
  name: 'root-ca-cert-publisher',
  filters: [objectsOf('namespaces'), objectsOf('configmaps')],
  route(_record, key) {
    if (!key || (key.resource === 'configmaps' && key.name !== ROOT_CA_CONFIGMAP)) return [];
    const namespace = key.resource === 'namespaces' ? key.name : key.namespace;
    return namespace ? [{ resource: 'namespaces', name: namespace, controller: 'root-ca-cert-publisher' }] : [];
  },
  async reconcile(ctx, key) {
    const ns = await get(ctx, R.namespaces, undefined, key.name);
    if (!ns || ns.metadata.deletionTimestamp) return {};
    const ca = ctx.serviceAccountTokens?.rootCaCert ?? '';
    const cm = await get(ctx, CONFIGMAPS, key.name, ROOT_CA_CONFIGMAP);
    if (!cm) {
      await create(ctx, CONFIGMAPS, key.name, { metadata: { name: ROOT_CA_CONFIGMAP, annotations: { 'kubernetes.io/description': DESCRIPTION } }, data: { 'ca.crt': ca } });
    } else if ((cm.data as Record<string, string> | undefined)?.['ca.crt'] !== ca) {
      await update(ctx, CONFIGMAPS, { ...cm, data: { 'ca.crt': ca } });
    }
    return {};
  },
  async resync(ctx) {
    return (await list(ctx, R.namespaces)).map((n) => ({ resource: 'namespaces', name: String(n.metadata.name), controller: 'root-ca-cert-publisher' }));
  },
};

const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
