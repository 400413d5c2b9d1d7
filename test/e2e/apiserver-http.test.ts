import { apiClient } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

/** Issue 2's acceptance over raw HTTPS: auth, concurrency, bad input. */
describe('API server over HTTPS', () => {
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

  it('treats a request without a token as system:anonymous (403), a wrong token as 401, and serves health and version without one', async () => {
    const denied = await api.request('GET', '/api/v1/namespaces', undefined, {}, false);
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope' });
    expect((await api.request('GET', '/api', undefined, {}, false)).json()).toMatchObject({ code: 403, message: 'forbidden: User "system:anonymous" cannot get path "/api"' });
    const wrong = await api.request('GET', '/api/v1/namespaces', undefined, { authorization: 'Bearer nope' }, false);
    expect(wrong.status).toBe(401);
    for (const path of ['/readyz', '/livez', '/healthz']) expect((await api.request('GET', path, undefined, {}, false)).status).toBe(200);
    const version = await api.request('GET', '/version', undefined, {}, false);
    expect(version.json()).toMatchObject({ major: '1', minor: '33' });
    expect((await api.request('GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('lets exactly one of 50 concurrent updates from the same resourceVersion win', async () => {
    const created = await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'race' }, data: { n: '0' } }));
    expect(created.status).toBe(201);
    const base = created.json<{ metadata: { resourceVersion: string } }>();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.request('PUT', '/api/v1/namespaces/default/configmaps/race', JSON.stringify({ metadata: { name: 'race', resourceVersion: base.metadata.resourceVersion }, data: { n: String(i + 1) } })),
      ),
    );
    const won = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(conflicts[0].json()).toMatchObject({ reason: 'Conflict', code: 409 });
    const final = (await api.request('GET', '/api/v1/namespaces/default/configmaps/race')).json<{ data: { n: string } }>();
    expect(final.data.n).toBe(won[0].json<{ data: { n: string } }>().data.n);
  });

  it('loses no update when 50 writers each retry from what they read', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'counter' }, data: {} }));
    const writer = async (i: number) => {
      for (;;) {
        const cur = (await api.request('GET', '/api/v1/namespaces/default/configmaps/counter')).json<{ metadata: object; data?: Record<string, string> }>();
        const next = { ...cur, data: { ...(cur.data ?? {}), [`w${i}`]: 'x' } };
        const res = await api.request('PUT', '/api/v1/namespaces/default/configmaps/counter', JSON.stringify(next));
        if (res.status === 200) return;
        expect(res.status).toBe(409);
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i)));
    const final = (await api.request('GET', '/api/v1/namespaces/default/configmaps/counter')).json<{ data: Record<string, string> }>();
    expect(Object.keys(final.data)).toHaveLength(50);
  }, 180_000); // 50 writers retrying on conflict: minutes on a loaded 2-core machine, never a timing claim

  it.each([
    ['malformed JSON', 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {', 'application/json', 400, 'BadRequest'],
    ['malformed YAML', 'POST', '/api/v1/namespaces/default/configmaps', 'metadata: [unclosed', 'application/yaml', 400, 'BadRequest'],
    ['the wrong kind for the path', 'POST', '/api/v1/namespaces/default/configmaps', '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}', 'application/json', 400, 'BadRequest'],
    ['the wrong apiVersion for the path', 'POST', '/api/v1/namespaces/default/configmaps', '{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"x"}}', 'application/json', 400, 'BadRequest'],
    ['an unknown API path', 'GET', '/api/v1/namespaces/default/widgets', undefined, 'application/json', 404, 'NotFound'],
    ['an unknown group', 'GET', '/apis/example.com/v1/things', undefined, 'application/json', 404, 'NotFound'],
    ['an unsupported media type', 'POST', '/api/v1/namespaces/default/configmaps', 'x', 'text/plain', 415, 'UnsupportedMediaType'],
    ['a missing required field', 'POST', '/api/v1/namespaces/default/pods', '{"metadata":{"name":"p"},"spec":{"containers":[{"image":"nginx"}]}}', 'application/json', 422, 'Invalid'],
  ])('refuses %s with a Status and stores nothing', async (_what, method, path, body, type, code, reason) => {
    const before = (await api.request('GET', '/api/v1/namespaces/default/configmaps')).json<{ items: unknown[] }>().items.length;
    const res = await api.request(method, path, body, { 'content-type': type });
    expect(res.status).toBe(code);
    expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason, code });
    const after = (await api.request('GET', '/api/v1/namespaces/default/configmaps')).json<{ items: unknown[] }>().items.length;
    expect(after).toBe(before);
  });

  it('names the missing field of an invalid pod in its causes', async () => {
    const res = await api.request('POST', '/api/v1/namespaces/default/pods', JSON.stringify({ metadata: { name: 'p' }, spec: { containers: [{ image: 'nginx' }] } }));
    expect(res.json()).toMatchObject({ details: { causes: [{ reason: 'FieldValueRequired', field: 'spec.containers[0].name' }] } });
  });

  it('refuses an object too large to store with 413 naming the limit, and stores nothing', async () => {
    // Random data does not compress: ~600 KB of base64 stays far above the 380 KB body limit.
    const big = require('node:crypto').randomBytes(450 * 1024).toString('base64');
    const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'huge' }, data: { blob: big } }));
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ reason: 'RequestEntityTooLarge', code: 413 });
    expect(res.json<{ message: string }>().message).toContain('limit of 389120 bytes');
    expect((await api.request('GET', '/api/v1/namespaces/default/configmaps/huge')).status).toBe(404);
  });

  it('stores a large but compressible object under the item limit (and under the 1 MiB a ConfigMap may hold)', async () => {
    const text = 'line of config that repeats\n'.repeat(37_000);
    const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'compressible' }, data: { text } }));
    expect(res.status).toBe(201);
    const back = (await api.request('GET', '/api/v1/namespaces/default/configmaps/compressible')).json<{ data: { text: string } }>();
    expect(back.data.text.length).toBe(text.length);
  });

  it('refuses new objects in a terminating namespace', async () => {
    await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'closing' } }));
    await api.request('POST', '/api/v1/namespaces/closing/configmaps', JSON.stringify({ metadata: { name: 'blocker', finalizers: ['example.com/hold'] } }));
    const del = await api.request('DELETE', '/api/v1/namespaces/closing');
    expect(del.status).toBe(200);
    const res = await api.request('POST', '/api/v1/namespaces/closing/configmaps', JSON.stringify({ metadata: { name: 'late' } }));
    expect(res.status).toBe(403);
    expect(res.json<{ message: string }>().message).toContain('unable to create new content in namespace closing because it is being terminated');
  });

  it('keeps a finalized object until its finalizers are removed', async () => {
    await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'held', finalizers: ['example.com/hold'] } }));
    const del = await api.request('DELETE', '/api/v1/namespaces/default/configmaps/held');
    expect(del.json<{ metadata: { deletionTimestamp?: string } }>().metadata.deletionTimestamp).toBeDefined();
    expect((await api.request('GET', '/api/v1/namespaces/default/configmaps/held')).status).toBe(200);
    const patch = await api.request('PATCH', '/api/v1/namespaces/default/configmaps/held', JSON.stringify({ metadata: { finalizers: null } }), {
      'content-type': 'application/merge-patch+json',
    });
    expect(patch.status).toBe(200);
    expect((await api.request('GET', '/api/v1/namespaces/default/configmaps/held')).status).toBe(404);
  });

  it('gives generateName objects unique names and honours dryRun', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { generateName: 'gen-' } }));
      names.add(res.json<{ metadata: { name: string } }>().metadata.name);
    }
    expect(names.size).toBe(5);
    const dry = await api.request('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', JSON.stringify({ metadata: { name: 'dry' } }));
    expect(dry.status).toBe(201);
    expect((await api.request('GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });
});
