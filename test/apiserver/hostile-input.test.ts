import { apiClient, HttpResult } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

/**
 * Issue 19's fuzzer, as a table: malformed paths, bodies, query parameters and field values of
 * every class, over real HTTPS. Each answer is a 4xx Status (never a 5xx, never a reset
 * connection), and nothing is stored, changed, truncated or deleted by a request that failed.
 */
describe('hostile input', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  const NS = 'fuzz';

  beforeAll(async () => {
    c = await startCluster();
    api = apiClient(c.runner.kubeconfig);
    expect((await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: NS } }))).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  const expect4xx = (res: HttpResult, code?: number) => {
    if (res.status < 400 || res.status >= 500 || (code !== undefined && res.status !== code)) {
      throw new Error(`expected ${code ?? '4xx'}, got ${res.status}: ${res.body.slice(0, 500)}`);
    }
    expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: res.status });
  };
  // Node's client sends DELETE bodies without framing unless told their length.
  const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) =>
    api.request(method, path, body, body === undefined ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers });

  describe('paths', () => {
    it.each(['/api/v1/namespaces/%zz/pods', '/api/v1/namespaces/default/pods/%E0%A4%A', '/api/v1/namespaces/default/pods/%C0%AF', '/api/v1/namespaces/%/configmaps'])(
      'answers 400 to the malformed escape in %s',
      async (path) => expect4xx(await send('GET', path), 400),
    );

    it('answers 404 to names and namespaces beyond their limits, for every verb, before storage sees them', async () => {
      const long = 'a'.repeat(1100);
      const cm = JSON.stringify({ metadata: { name: long }, data: {} });
      for (const [method, path, body] of [
        ['GET', `/api/v1/namespaces/${NS}/configmaps/${long}`],
        ['DELETE', `/api/v1/namespaces/${NS}/configmaps/${long}`],
        ['PUT', `/api/v1/namespaces/${NS}/configmaps/${long}`, cm],
        ['PATCH', `/api/v1/namespaces/${NS}/configmaps/${long}`, '{}'],
        ['PUT', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/${long}`, JSON.stringify({ metadata: { name: long } })],
        ['GET', `/api/v1/namespaces/${long}/pods`],
        ['POST', `/api/v1/namespaces/${long}/configmaps`, JSON.stringify({ metadata: { name: 'x' } })],
        ['GET', `/api/v1/namespaces/${long}`],
      ] as const) {
        const headers: Record<string, string> = method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {};
        expect4xx(await send(method, path, body, headers), 404);
      }
      expect4xx(await send('POST', `/api/v1/namespaces/${NS}/configmaps`, cm), 422);
    });

    it('allows only PUT on namespaces/<name>/finalize', async () => {
      await send('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'keepme' } }));
      for (const method of ['GET', 'DELETE', 'PATCH', 'POST']) expect4xx(await send(method, '/api/v1/namespaces/keepme/finalize', method === 'PATCH' ? '{}' : undefined), 405);
      const ns = (await send('GET', '/api/v1/namespaces/keepme')).json<{ status: { phase: string } }>();
      expect(ns.status.phase).toBe('Active');
    });
  });

  describe('query parameters', () => {
    it('refuses a continue token issued for another namespace, another resource, or made up', async () => {
      for (let i = 0; i < 3; i++) await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name: `page-${i}` } }));
      for (let i = 0; i < 3; i++) await send('POST', `/api/v1/namespaces/${NS}/secrets`, JSON.stringify({ metadata: { name: `page-${i}` } }));
      const page = (await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=1`)).json<{ metadata: { continue: string } }>();
      const token = page.metadata.continue;
      expect(token).toBeTruthy();
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=1&continue=${token}`)).status).toBe(200);
      expect4xx(await send('GET', `/api/v1/namespaces/default/configmaps?limit=1&continue=${token}`), 400);
      expect4xx(await send('GET', `/api/v1/namespaces/${NS}/secrets?limit=1&continue=${token}`), 400);
      const crafted = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: `other/${'x'.repeat(2000)}` })).toString('base64url');
      expect4xx(await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=1&continue=${crafted}`), 400);
      expect4xx(await send('GET', `/api/v1/configmaps?limit=1&continue=${crafted}`), 400);
      expect4xx(await send('GET', `/api/v1/namespaces/${NS}/configmaps?limit=1&continue=%25%25garbage`), 400);
    });

    it.each(['watch=true&timeoutSeconds=1e400', 'watch=true&timeoutSeconds=abc', 'watch=true&timeoutSeconds=1.5', 'limit=1e400', 'limit=-1', 'limit=x'])('answers 400 to %s', async (q) => {
      expect4xx(await send('GET', `/api/v1/namespaces/${NS}/configmaps?${q}`), 400);
    });

    it('accepts a URL and headers far beyond 16 KiB, as upstream accepts up to 1 MiB', async () => {
      const selector = Array.from({ length: 4000 }, (_, i) => `k${i}=v`).join(',');
      const res = await send('GET', `/api/v1/namespaces/${NS}/configmaps?labelSelector=${encodeURIComponent(selector)}`, undefined, { 'x-padding': 'p'.repeat(200_000) });
      expect(res.status).toBe(200);
      expect(res.json<{ items: unknown[] }>().items).toEqual([]);
    });
  });

  describe('bodies', () => {
    const deep = (n: number) => `{"metadata":{"name":"deep","annotations":${'['.repeat(n)}${']'.repeat(n)}}}`;
    const bodies: [string, string, string][] = [
      ['JSON nested 10,000 deep', 'application/json', deep(10_000)],
      ['JSON nested 200,000 deep', 'application/json', deep(200_000)],
      ['a YAML anchor that contains itself', 'application/yaml', 'metadata:\n  name: deep\ndata: &x\n  b: *x\n'],
      ['a YAML alias bomb', 'application/yaml', `metadata:\n  name: deep\na: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`],
    ];
    it.each(bodies)('answers 4xx to %s and stores nothing', async (_name, type, body) => {
      for (const path of [`/api/v1/namespaces/${NS}/configmaps`, `/api/v1/namespaces/${NS}/pods`]) expect4xx(await send('POST', path, body, { 'content-type': type }));
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/deep`)).status).toBe(404);
    });

    it('answers 413 to a body over 3 MiB, JSON or YAML, and stores nothing of it', async () => {
      const value = 'v'.repeat(4 * 1024 * 1024);
      expect4xx(await send('POST', `/api/v1/namespaces/${NS}/configmaps`, `metadata:\n  name: huge\ndata:\n  k: ${value}\n`, { 'content-type': 'application/yaml' }), 413);
      expect4xx(await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name: 'huge' }, data: { k: value } })), 413);
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/huge`)).status).toBe(404);
    });

    it('refuses a ConfigMap or Secret over 1 MiB of data with 422 naming the limit', async () => {
      const big = 'v'.repeat(1024 * 1024 + 1);
      const cm = await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name: 'big' }, data: { a: big } }));
      expect4xx(cm, 422);
      expect(cm.json<{ message: string }>().message).toContain('Too long: may not be more than 1048576 bytes');
      const secret = await send('POST', `/api/v1/namespaces/${NS}/secrets`, JSON.stringify({ metadata: { name: 'big' }, data: { a: Buffer.from(big).toString('base64') } }));
      expect4xx(secret, 422);
      expect(secret.json()).toMatchObject({ details: { causes: [{ field: 'data', reason: 'FieldValueTooLong' }] } });
    });
  });

  describe('DELETE options', () => {
    it.each([
      ['{"dryRun":5}', 400],
      ['{"dryRun":"All"}', 400],
      ['{"gracePeriodSeconds":"abc"}', 400],
      ['{"preconditions":"x"}', 400],
      ['{"propagationPolicy":5}', 400],
      ['{"bogus":true}', 400],
      ['[1,2]', 400],
      ['{"dryRun":["Sometimes"]}', 422],
      ['{"propagationPolicy":"Now"}', 422],
      ['{"orphanDependents":true,"propagationPolicy":"Orphan"}', 422],
    ] as const)('answers %s with %d and deletes nothing', async (body, code) => {
      const name = `victim-${code}-${Math.random().toString(36).slice(2, 8)}`;
      expect((await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name } }))).status).toBe(201);
      expect4xx(await send('DELETE', `/api/v1/namespaces/${NS}/configmaps/${name}`, body), code);
      expect4xx(await send('DELETE', `/api/v1/namespaces/${NS}/configmaps?fieldSelector=metadata.name=${name}`, body), code);
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/${name}`)).status).toBe(200);
    });

    it.each(['gracePeriodSeconds=abc', 'gracePeriodSeconds=1e400', 'orphanDependents=maybe', 'dryRun=Sometimes', 'propagationPolicy=Now'])('answers 4xx to ?%s and deletes nothing', async (q) => {
      const name = `victim-q-${Math.random().toString(36).slice(2, 8)}`;
      await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name } }));
      expect4xx(await send('DELETE', `/api/v1/namespaces/${NS}/configmaps/${name}?${q}`));
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/${name}`)).status).toBe(200);
    });

    it('still deletes with valid options', async () => {
      await send('POST', `/api/v1/namespaces/${NS}/configmaps`, JSON.stringify({ metadata: { name: 'goner' } }));
      const res = await send('DELETE', `/api/v1/namespaces/${NS}/configmaps/goner`, JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', gracePeriodSeconds: 0 }));
      expect(res.status).toBe(200);
      expect((await send('GET', `/api/v1/namespaces/${NS}/configmaps/goner`)).status).toBe(404);
    });
  });
});
