import { apiClient } from '../support/http';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { historyErrors, KeyEvent } from '../support/history';

interface Seen {
  type: string;
  name: string;
  rv: string;
}

/**
 * The kine trap under load: concurrent writers, one that dies between taking a revision and
 * committing, and watchers that keep reconnecting from their last resourceVersion. Every watcher
 * must end with exactly the committed history, in order.
 */
describe('watch under concurrent writers', () => {
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

  // The root CA publisher writes kube-root-ca.crt into every new namespace. The watchers stop at
  // the clients' last commit, so that write must come before the window, not inside it.
  const rootCaPublished = (ns: string) =>
    eventually(async () => (await api.request('GET', `/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`)).status === 200);

  it('gives every reconnecting watcher exactly the committed history, in order', async () => {
    await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'stress' } }));
    await rootCaPublished('stress');
    const start = (await api.request('GET', '/api/v1/namespaces/stress/configmaps')).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    let writing = true;

    const watcher = async (): Promise<Seen[]> => {
      const seen: Seen[] = [];
      let rv = start;
      // Short windows force reconnects mid-stream, each resuming from the last revision seen.
      while (writing || seen.length === 0 || Number(rv) < lastCommitted) {
        const res = await api.request('GET', `/api/v1/namespaces/stress/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
        for (const line of res.body.split('\n').filter(Boolean)) {
          const e = JSON.parse(line) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
          if (e.type === 'ERROR') throw new Error(line);
          seen.push({ type: e.type, name: e.object.metadata.name, rv: e.object.metadata.resourceVersion });
          rv = e.object.metadata.resourceVersion;
        }
      }
      return seen;
    };
    let lastCommitted = 0;
    const watchers = [watcher(), watcher(), watcher()];

    const writer = async (w: number) => {
      for (let i = 0; i < 20; i++) {
        const name = `w${w}-${i % 5}`;
        const existing = await api.request('GET', `/api/v1/namespaces/stress/configmaps/${name}`);
        let res;
        if (existing.status === 404) res = await api.request('POST', '/api/v1/namespaces/stress/configmaps', JSON.stringify({ metadata: { name }, data: { i: String(i) } }));
        else if (i % 3 === 0) res = await api.request('DELETE', `/api/v1/namespaces/stress/configmaps/${name}`);
        else res = await api.request('PATCH', `/api/v1/namespaces/stress/configmaps/${name}`, JSON.stringify({ data: { i: String(i) } }), { 'content-type': 'application/merge-patch+json' });
        if (res.status < 300) lastCommitted = Math.max(lastCommitted, Number(res.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion));
        if (w === 0 && i === 7) {
          // A writer that takes a revision and dies before committing it.
          await c.runner.context.store.revisions.allocate('configmaps');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    writing = false;
    const results = await Promise.all(watchers);

    const committed = (await c.runner.context.store.changes('configmaps', Number(start)))
      .filter((ch) => ch.object.metadata.namespace === 'stress')
      .map((ch) => ({ type: ch.type, name: String(ch.object.metadata.name), rv: String(ch.rev) }));
    expect(committed.length).toBeGreaterThan(100);
    for (const seen of results) expect(seen).toEqual(committed);
  }, 120_000);

  it('gives every watcher a valid history of each name under 30 clients creating and deleting the same names', async () => {
    await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'churn' } }));
    await rootCaPublished('churn');
    const start = (await api.request('GET', '/api/v1/namespaces/churn/configmaps')).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    let writing = true;
    let lastCommitted = 0;
    let succeeded = 0;
    const watcher = async (): Promise<KeyEvent[]> => {
      const seen: KeyEvent[] = [];
      let rv = start;
      while (writing || Number(rv) < lastCommitted) {
        const res = await api.request('GET', `/api/v1/namespaces/churn/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
        for (const line of res.body.split('\n').filter(Boolean)) {
          const e = JSON.parse(line) as { type: string; object: { metadata: { name: string; uid: string; resourceVersion: string } } };
          if (e.type === 'ERROR') throw new Error(line);
          const m = e.object.metadata;
          seen.push({ type: e.type, key: m.name, uid: m.uid, rv: Number(m.resourceVersion) });
          rv = m.resourceVersion;
        }
      }
      return seen;
    };
    const watchers = [watcher(), watcher(), watcher()];
    // 30 clients on three names: creates and deletes of one name race in every round.
    const client = async (w: number) => {
      const own = apiClient(c.runner.kubeconfig);
      try {
        for (let i = 0; i < 8; i++) {
          const name = `same-${(w + i) % 3}`;
          const res =
            (w + i) % 2 === 0
              ? await own.request('POST', '/api/v1/namespaces/churn/configmaps', JSON.stringify({ metadata: { name }, data: { by: String(w) } }))
              : await own.request('DELETE', `/api/v1/namespaces/churn/configmaps/${name}`);
          if (res.status >= 500) throw new Error(`${res.status} ${res.body}`);
          if (res.status < 300) {
            succeeded++;
            lastCommitted = Math.max(lastCommitted, Number(res.json<{ metadata: { resourceVersion?: string } }>().metadata.resourceVersion ?? 0));
          }
        }
      } finally {
        own.agent.destroy();
      }
    };
    await Promise.all(Array.from({ length: 30 }, (_, w) => client(w)));
    writing = false;
    const results = await Promise.all(watchers);

    const committed = (await c.runner.context.store.changes('configmaps', Number(start)))
      .filter((ch) => ch.object.metadata.namespace === 'churn')
      .map((ch) => ({ type: ch.type, key: String(ch.object.metadata.name), uid: String(ch.object.metadata.uid), rv: ch.rev }));
    // How many creates and deletes win the race depends on timing; each one that did is exactly
    // one change in the history.
    expect(succeeded).toBeGreaterThanOrEqual(3);
    expect(committed.filter((ch) => ch.key.startsWith('same-')).length).toBe(succeeded);
    expect(historyErrors(committed)).toEqual([]);
    for (const seen of results) {
      expect(historyErrors(seen)).toEqual([]);
      expect(seen).toEqual(committed);
    }
  }, 180_000);
});
