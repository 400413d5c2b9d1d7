import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { KUBECTL } from '../../scripts/tools';
import { apiClient } from '../support/http';
import { eventually, startCluster, TestCluster } from '../support/cluster';

interface Line {
  type: string;
  name?: string;
  rv?: string;
  data?: Record<string, string>;
}

/** Starts a long-running process and collects its stdout lines. */
function follow(cmd: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[] } {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts.filter((p) => p.trim().length > 0));
  });
  return { child, lines };
}

const cm = (name: string, data: Record<string, string> = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('watch', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    c = await startCluster();
    api = apiClient(c.runner.kubeconfig);
  });
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  it('shows ADDED, MODIFIED and DELETED in kubectl get -w --output-watch-events as they happen', async () => {
    await c.kubectl(['create', 'namespace', 'w1']);
    const w = follow(KUBECTL, ['get', 'configmaps', '-n', 'w1', '-w', '--output-watch-events'], {
      ...process.env,
      KUBECONFIG: c.runner.kubeconfig,
    });
    try {
      await new Promise((r) => setTimeout(r, 500));
      await api.request('POST', '/api/v1/namespaces/w1/configmaps', cm('watched', { v: 'one' }));
      await eventually(async () => w.lines.some((l) => /^ADDED\s+watched\s+1\s/.test(l)));
      await api.request('PATCH', '/api/v1/namespaces/w1/configmaps/watched', JSON.stringify({ data: { v: 'two', w: 'x' } }), { 'content-type': 'application/merge-patch+json' });
      await eventually(async () => w.lines.some((l) => /^MODIFIED\s+watched\s+2\s/.test(l)));
      await api.request('DELETE', '/api/v1/namespaces/w1/configmaps/watched');
      await eventually(async () => w.lines.some((l) => /^DELETED\s+watched\s/.test(l)));
    } finally {
      w.child.kill();
    }
  });

  it('returns from kubectl wait as soon as the condition holds', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('flag', { ready: 'no' }));
    const waiting = follow(KUBECTL, ['wait', 'configmap/flag', '--for=jsonpath={.data.ready}=yes', '--timeout=30s'], { ...process.env, KUBECONFIG: c.runner.kubeconfig });
    await new Promise((r) => setTimeout(r, 500));
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/flag', JSON.stringify({ data: { ready: 'yes' } }), { 'content-type': 'application/merge-patch+json' });
    const code = await new Promise<number | null>((resolve) => waiting.child.on('exit', resolve));
    expect(code).toBe(0);
    expect(waiting.lines.join('\n')).toContain('configmap/flag condition met');
  });

  it('delivers to a client-node informer every add, update and delete exactly once under 40 concurrent clients', async () => {
    await c.kubectl(['create', 'namespace', 'inf']);
    const script = path.join(__dirname, 'scripts/informer.mjs');
    const inf = follow(process.execPath, [script, c.runner.kubeconfig, 'inf'], process.env);
    try {
      await eventually(async () => inf.lines.some((l) => l.includes('"started"')));
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const name = `obj-${i}`;
          expect((await api.request('POST', '/api/v1/namespaces/inf/configmaps', cm(name, { step: '1' }))).status).toBe(201);
          const patched = await api.request('PATCH', `/api/v1/namespaces/inf/configmaps/${name}`, JSON.stringify({ data: { step: '2' } }), {
            'content-type': 'application/merge-patch+json',
          });
          expect(patched.status).toBe(200);
          expect((await api.request('DELETE', `/api/v1/namespaces/inf/configmaps/${name}`)).status).toBe(200);
        }),
      );
      const events = () => inf.lines.map((l) => JSON.parse(l) as Line).filter((e) => e.name?.startsWith('obj-'));
      await eventually(async () => events().filter((e) => e.type === 'delete').length === 40, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 40; i++) {
        const mine = events().filter((e) => e.name === `obj-${i}`);
        expect(mine.map((e) => e.type)).toEqual(['add', 'update', 'delete']);
        expect(mine[1].data).toEqual({ step: '2' });
      }
    } finally {
      inf.child.kill('SIGTERM');
    }
  }, 90_000);

  it('answers a watch from a compacted resourceVersion with 410 Gone, and the informer re-lists and recovers', async () => {
    await c.kubectl(['create', 'namespace', 'gone']);
    const first = await api.request('POST', '/api/v1/namespaces/gone/configmaps', cm('old'));
    const oldRv = first.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    await api.request('POST', '/api/v1/namespaces/gone/configmaps', cm('newer'));
    // Compact the configmaps history as if the retention had passed.
    await c.runner.context.store.compact('configmaps', Math.floor(Date.now() / 1000) + 7200);
    await api.request('POST', '/api/v1/namespaces/gone/configmaps', cm('newest'));
    const res = await api.request('GET', `/api/v1/namespaces/gone/configmaps?watch=true&resourceVersion=${oldRv}&timeoutSeconds=2`);
    const event = JSON.parse(res.body.trim().split('\n')[0]) as { type: string; object: { code: number; reason: string } };
    expect(event.type).toBe('ERROR');
    expect(event.object).toMatchObject({ code: 410, reason: 'Expired' });

    const inf = follow(process.execPath, [path.join(__dirname, 'scripts/informer.mjs'), c.runner.kubeconfig, 'gone'], process.env);
    try {
      await eventually(async () => inf.lines.some((l) => l.includes('"started"')));
      await api.request('POST', '/api/v1/namespaces/gone/configmaps', cm('after-relist'));
      await eventually(async () => inf.lines.some((l) => l.includes('after-relist')));
      const names = inf.lines.map((l) => JSON.parse(l) as Line).filter((e) => e.type === 'add').map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['old', 'newer', 'newest', 'after-relist']));
    } finally {
      inf.child.kill('SIGTERM');
    }
  });

  it('sends BOOKMARK with the initial-events-end annotation for sendInitialEvents', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', cm('initial'));
    const res = await api.request('GET', '/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1');
    const events = res.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name?: string; annotations?: Record<string, string> } } });
    expect(events.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'initial')).toBe(true);
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('reports an object leaving a label selection as DELETED and entering it as ADDED', async () => {
    const list = await api.request('GET', '/api/v1/namespaces/default/configmaps');
    const rv = list.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    const watch = api.request('GET', `/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Dweb&resourceVersion=${rv}&timeoutSeconds=3`);
    await new Promise((r) => setTimeout(r, 300));
    await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'sel', labels: { tier: 'db' } } }));
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/sel', JSON.stringify({ metadata: { labels: { tier: 'web' } } }), { 'content-type': 'application/merge-patch+json' });
    await api.request('PATCH', '/api/v1/namespaces/default/configmaps/sel', JSON.stringify({ metadata: { labels: { tier: 'db' } } }), { 'content-type': 'application/merge-patch+json' });
    const events = (await watch).body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events.filter((e) => e.object.metadata.name === 'sel').map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });
});
