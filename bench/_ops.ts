import { benchCluster } from './cluster';
import { list, R } from '../shared/controllers/client';
(async () => {
  const c = await benchCluster({ nodes: 10 });
  await new Promise((r) => setTimeout(r, 2000));
  for (const k of Object.keys(c.tally.byOperation)) delete c.tally.byOperation[k];
  const t0 = performance.now();
  await c.api.request('POST', '/apis/apps/v1/namespaces/default/deployments', JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 100, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }));
  const marks: Record<string, number> = {};
  for (;;) {
    const pods = await list(c.runner.context, R.pods, 'default');
    const t = (performance.now() - t0) / 1000;
    const created = pods.length, bound = pods.filter((p) => (p.spec as { nodeName?: string }).nodeName).length, running = pods.filter((p) => (p.status as { phase?: string }).phase === 'Running').length;
    for (const [k, v] of [['created', created], ['bound', bound], ['running', running]] as const) if (v >= 100 && !marks[k]) marks[k] = t;
    if (running >= 100) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(JSON.stringify(marks));
  console.log(JSON.stringify(c.tally.byOperation));
  await c.stop();
})();
