import { health, healthPath, type HealthStore } from '../../shared/apiserver/health';

const up: HealthStore = { get: async () => undefined };
const down: HealthStore = {
  get: async () => {
    throw new Error('connect ECONNREFUSED 127.0.0.1:8000');
  },
};

const call = (store: HealthStore, url: string) => {
  const u = new URL(url, 'https://skiff.local');
  return health(store, { path: u.pathname, query: u.searchParams });
};

describe('health paths as kube-apiserver serves them', () => {
  it.each([
    ['/healthz', { root: 'healthz' }],
    ['/livez/ping', { root: 'livez', check: 'ping' }],
    ['/readyz/etcd-readiness', { root: 'readyz', check: 'etcd-readiness' }],
    ['/healthz/', undefined],
    ['/healthz/a/b', undefined],
    ['/healthzx', undefined],
  ])('%s parses as %j', (path, want) => expect(healthPath(path)).toEqual(want));

  it.each<[string, number, HealthStore, string]>([
    ['/healthz', 200, up, 'ok'],
    ['/livez?verbose', 200, up, '[+]ping ok\n[+]etcd ok\nlivez check passed\n'],
    ['/readyz?verbose=1', 200, up, '[+]ping ok\n[+]etcd ok\n[+]etcd-readiness ok\nreadyz check passed\n'],
    ['/livez?verbose&exclude=etcd', 200, down, '[+]ping ok\n[+]etcd excluded: ok\nlivez check passed\n'],
    ['/livez?verbose&exclude=nope&exclude=abc', 200, up, '[+]ping ok\n[+]etcd ok\nwarn: some health checks cannot be excluded: no matches for "abc","nope"\nlivez check passed\n'],
    ['/healthz', 500, down, '[+]ping ok\n[-]etcd failed: reason withheld\nhealthz check failed\n'],
    ['/readyz?verbose', 500, down, '[+]ping ok\n[-]etcd failed: reason withheld\n[-]etcd-readiness failed: reason withheld\nreadyz check failed\n'],
    ['/livez/ping', 200, down, 'ok'],
    ['/livez/etcd', 200, up, 'ok'],
    ['/livez/etcd', 500, down, 'internal server error: connect ECONNREFUSED 127.0.0.1:8000\n'],
    ['/livez/informer-sync', 404, up, '404 page not found\n'],
  ])('%s answers %i (store up or down as given)', async (url, code, store, body) => {
    const res = await call(store, url);
    expect(res.statusCode).toBe(code);
    expect(res.body).toBe(body);
    expect(res.headers).toEqual({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  });
});

describe('the store read behind the checks', () => {
  it('is made once per request, however many checks share it', async () => {
    let reads = 0;
    const counting: HealthStore = {
      get: async () => {
        reads += 1;
        return undefined;
      },
    };
    expect((await call(counting, '/readyz?verbose')).statusCode).toBe(200);
    expect(reads).toBe(1);
  });
});
