import https from 'node:https';
import { BenchCluster } from '../cluster';
import { percentile, round } from '../stats';

/** Watch delivery latency: from a write's acknowledgement to its event reaching an open watch. */
export async function watchSuite(c: BenchCluster, quick: boolean): Promise<{ n: number; p50: number; p99: number }> {
  const n = quick ? 20 : 200;
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'watch-bench' } }));
  const list = await c.api.request('GET', '/api/v1/namespaces/watch-bench/configmaps');
  const rv = list.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
  const arrivals = new Map<string, number>();
  let waiting: { name: string; resolve: () => void } | undefined;
  const req = https.request({
    host: c.api.server.hostname,
    port: c.api.server.port,
    path: `/api/v1/namespaces/watch-bench/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=600`,
    headers: { authorization: `Bearer ${c.api.token}` },
    agent: new https.Agent({ ca: c.api.ca }),
  });
  let buf = '';
  req.on('response', (res) =>
    res.on('data', (d: Buffer) => {
      const now = performance.now();
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name;
        arrivals.set(name, now);
        if (waiting?.name === name) waiting.resolve();
      }
    }),
  );
  req.end();
  await new Promise((r) => setTimeout(r, 300));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `w-${i}`;
    const seen = new Promise<void>((resolve) => (waiting = { name, resolve }));
    await c.api.request('POST', '/api/v1/namespaces/watch-bench/configmaps', JSON.stringify({ metadata: { name } }));
    const acked = performance.now();
    await seen;
    samples.push(Math.max(0, (arrivals.get(name) as number) - acked));
  }
  req.destroy();
  samples.sort((a, b) => a - b);
  return { n, p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)) };
}
