import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FLAGS } from '../../local/flags';
import { startRunner } from '../../local/runner';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { apiClient } from '../../test/support/http';

type Tally = Record<string, { calls: number; ms: number }>;
const tally: Tally = {};
async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-probe-'));
  const dynamo = await startDynamoDbLocal();
  const runner = await startRunner(
    { ...DEFAULT_FLAGS, port: 0, kubeconfig: path.join(dir, 'kubeconfig'), dataDir: path.join(dir, 'data'), dynamodbEndpoint: dynamo.endpoint, nodes: 0 },
    {
      dynamoClient: (c) =>
        c.middlewareStack.add(
          (next, context) => async (args) => {
            const t = performance.now();
            const stack = (new Error().stack ?? '').split('\n').filter((l) => /\/(shared|local)\//.test(l) && !/shared\/storage\/|node_modules/.test(l)).slice(0, 3).map((l) => l.trim().replace(/^at (async )?/, '').replace(/\(.*\/(shared|local)\//, '(').replace(/:\d+\)$/, ')')).join(' < ');
            try {
              return await next(args);
            } finally {
              const key = `${context.commandName} ${stack}`;
              const e = (tally[key] ??= { calls: 0, ms: 0 });
              e.calls++;
              e.ms += performance.now() - t;
            }
          },
          { step: 'initialize', name: 'probe' },
        ),
    },
  );
  const api = apiClient(runner.kubeconfig);
  const cm = (name: string, extra = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench' } }, data: { a: 'mode=bench\n', ...extra } });
  try {
    await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'p' } }));
    for (let i = 0; i < 20; i++) await api.request('POST', '/api/v1/namespaces/p/configmaps', cm(`warm-${i}`));
    await new Promise((r) => setTimeout(r, 2000));
    const n = Number(process.env.N ?? 100);
    const phase = async (label: string, f: (i: number) => Promise<unknown>) => {
      for (const k of Object.keys(tally)) delete tally[k];
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < n; i++) await f(i);
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const dbMs = Object.values(tally).reduce((s, e) => s + e.ms, 0);
      console.log(`${label}: ${(wall / n).toFixed(2)} ms/op wall, process CPU ${((used.user + used.system) / 1000 / n).toFixed(2)} ms/op, DynamoDB ${(dbMs / n).toFixed(2)} ms/op`);
      for (const [op, e] of Object.entries(tally)) console.log(`   ${op}: ${(e.calls / n).toFixed(2)} calls/op, ${(e.ms / e.calls).toFixed(2)} ms avg`);
    };
    await phase('create', (i) => api.request('POST', '/api/v1/namespaces/p/configmaps', cm(`c-${i}`)));
    await phase('get', (i) => api.request('GET', `/api/v1/namespaces/p/configmaps/c-${i}`));
    await phase('update', (i) => api.request('PUT', `/api/v1/namespaces/p/configmaps/c-${i}`, cm(`c-${i}`, { b: String(i) })));
    await phase('list', () => api.request('GET', `/api/v1/namespaces/p/configmaps?limit=50`));
  } finally {
    api.agent.destroy();
    await runner.stop();
    await dynamo.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
