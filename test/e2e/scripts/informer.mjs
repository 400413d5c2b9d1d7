// A @kubernetes/client-node informer (list + watch + re-list on 410) over one namespace's
// configmaps, printing every event it delivers as a JSON line. Runs as its own process because
// client-node is ESM-only. Usage: node informer.mjs KUBECONFIG NAMESPACE
import * as k8s from '@kubernetes/client-node';

const [kubeconfigPath, namespace] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfigPath);
const api = kc.makeApiClient(k8s.CoreV1Api);
const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => api.listNamespacedConfigMap({ namespace }));
const out = (type, obj) =>
  process.stdout.write(`${JSON.stringify({ type, name: obj?.metadata?.name, rv: obj?.metadata?.resourceVersion, data: obj?.data })}\n`);
informer.on('add', (o) => out('add', o));
informer.on('update', (o) => out('update', o));
informer.on('delete', (o) => out('delete', o));
informer.on('error', (err) => {
  process.stdout.write(`${JSON.stringify({ type: 'error', message: String(err?.message ?? err) })}\n`);
  setTimeout(() => informer.start().catch(() => {}), 200);
});
informer.on('connect', () => process.stdout.write(`${JSON.stringify({ type: 'connect' })}\n`));
await informer.start();
process.stdout.write(`${JSON.stringify({ type: 'started' })}\n`);
process.on('SIGTERM', async () => {
  await informer.stop();
  process.exit(0);
});
