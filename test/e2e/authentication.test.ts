import { apiClient } from '../support/http';
import { eventually, startCluster, TestCluster } from '../support/cluster';

/** Authentication end to end with the real kubectl: tokens, reviews, whoami, bad tokens. */
describe('authentication with kubectl', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  const review = async (token: string, audiences?: string[]) =>
    (await api.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token, ...(audiences ? { audiences } : {}) } }))).json() as {
      status: { authenticated?: boolean; user?: { username?: string; groups?: string[]; extra?: Record<string, string[]> }; audiences?: string[]; error?: string };
    };

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    api = apiClient(c.runner.kubeconfig);
    await c.kubectl(['create', 'serviceaccount', 'robot']);
    await c.kubectl(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods']);
    await c.kubectl(['create', 'rolebinding', 'robot-pods', '--role=pod-reader', '--serviceaccount=default:robot', '--serviceaccount=default:doomed']);
  }, 180_000);
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  it('kubectl create token gives a token TokenReview accepts, which expires', async () => {
    const token = (await c.kubectl(['create', 'token', 'robot', '--duration', '10m'])).stdout.trim();
    const r = await review(token);
    expect(r.status.authenticated).toBe(true);
    expect(r.status.user?.username).toBe('system:serviceaccount:default:robot');
    expect(r.status.user?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated']);
    expect(r.status.audiences).toEqual(['https://kubernetes.default.svc.cluster.local']);
    const config = c.runner.context.serviceAccountTokens;
    if (!config) throw new Error('no service account token config');
    const real = Date.now();
    config.now = () => real + 11 * 60 * 1000 + 60 * 1000;
    try {
      const expired = await review(token);
      expect(expired.status.authenticated).toBeUndefined();
      expect(expired.status.error).toBe('[invalid bearer token, service account token has expired]');
    } finally {
      delete config.now;
    }
  });

  it('kubectl auth whoami as the admin and as a service account', async () => {
    const admin = await c.kubectl(['auth', 'whoami']);
    expect(admin.stdout).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+kubernetes-admin\nGroups\s+\[system:masters system:authenticated\]\n$/);
    const token = (await c.kubectl(['create', 'token', 'robot'])).stdout.trim();
    const sa = await c.kubectl(['auth', 'whoami', '--token', token, '-o', 'yaml']);
    expect(sa.stdout).toContain('kind: SelfSubjectReview');
    expect(sa.stdout).toContain('username: system:serviceaccount:default:robot');
    expect(sa.stdout).toContain('authentication.kubernetes.io/credential-id:');
  });

  it('bad tokens are 401 with upstream body', async () => {
    const res = await api.request('GET', '/api/v1/namespaces', undefined, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    // A token in the query string authenticates nobody: the request is anonymous.
    const q = await api.request('GET', `/api/v1/namespaces?access_token=${encodeURIComponent(api.token)}`, undefined, {}, false);
    expect(q.status).toBe(403);
    expect(q.json()).toMatchObject({ message: expect.stringContaining('User "system:anonymous" cannot list resource "namespaces"') });
    const jwt = (await c.kubectl(['create', 'token', 'robot'])).stdout.trim();
    const [h, p] = jwt.split('.');
    const forged = await api.request('GET', '/api/v1/namespaces', undefined, { authorization: `Bearer ${h}.${p}.${Buffer.alloc(64).toString('base64url')}` }, false);
    expect(forged.status).toBe(401);
    expect(forged.body).not.toContain('signature');
    const wrongAudience = (await c.kubectl(['create', 'token', 'robot', '--audience', 'vault'])).stdout.trim();
    expect((await api.request('GET', '/api/v1/namespaces', undefined, { authorization: `Bearer ${wrongAudience}` }, false)).status).toBe(401);
    expect((await review(wrongAudience, ['vault'])).status).toMatchObject({ authenticated: true, audiences: ['vault'] });
  });

  it("a deleted service account's token stops working", async () => {
    await c.kubectl(['create', 'serviceaccount', 'doomed']);
    const token = (await c.kubectl(['create', 'token', 'doomed'])).stdout.trim();
    const get = () => api.request('GET', '/api/v1/namespaces/default/pods', undefined, { authorization: `Bearer ${token}` }, false);
    expect((await get()).status).toBe(200);
    await c.kubectl(['delete', 'serviceaccount', 'doomed']);
    // Within the bound object cache's 10 s.
    await eventually(async () => (await get()).status === 401, 30_000);
    expect((await review(token)).status.error).toBe('[invalid bearer token, service account default/doomed has been deleted]');
  });

  it('binds a token to a pod and the pod reads its projected token, which lists pods through the API', async () => {
    await c.kubectl(['run', 'reader', '--image', 'busybox', '--overrides', JSON.stringify({ spec: { serviceAccountName: 'robot' } }), '--', 'sleep', '3600']);
    await eventually(async () => (await c.kubectl(['get', 'pod', 'reader', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 60_000);
    const spec = JSON.parse((await c.kubectl(['get', 'pod', 'reader', '-o', 'json'])).stdout) as { spec: { volumes: { name: string }[]; containers: { volumeMounts: { mountPath: string }[] }[] } };
    expect(spec.spec.volumes[0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(spec.spec.containers[0].volumeMounts[0].mountPath).toBe('/var/run/secrets/kubernetes.io/serviceaccount');
    const files = await c.runner.simulated?.containerFiles('default', 'reader', 'reader');
    const token = files?.get('/var/run/secrets/kubernetes.io/serviceaccount/token') ?? '';
    expect(files?.get('/var/run/secrets/kubernetes.io/serviceaccount/namespace')).toBe('default');
    expect(files?.get('/var/run/secrets/kubernetes.io/serviceaccount/ca.crt')).toContain('BEGIN CERTIFICATE');
    // Allowed by the robot-pods RoleBinding; denied (403, still authenticated) once it is removed.
    const list = () => api.request('GET', '/api/v1/namespaces/default/pods', undefined, { authorization: `Bearer ${token}` }, false);
    expect((await list()).status).toBe(200);
    await c.kubectl(['delete', 'rolebinding', 'robot-pods']);
    await eventually(async () => (await list()).status === 403, 30_000);
    await c.kubectl(['create', 'rolebinding', 'robot-pods', '--role=pod-reader', '--serviceaccount=default:robot']);
    const who = (await review(token)).status.user;
    expect(who?.username).toBe('system:serviceaccount:default:robot');
    expect(who?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['reader']);
    const bound = (await c.kubectl(['create', 'token', 'robot', '--duration', '10m', '--bound-object-kind', 'Pod', '--bound-object-name', 'reader'])).stdout.trim();
    expect((await review(bound)).status.user?.extra?.['authentication.kubernetes.io/pod-name']).toEqual(['reader']);
    await c.kubectl(['delete', 'pod', 'reader', '--grace-period=0', '--force']);
    await eventually(async () => (await review(bound)).status.authenticated !== true, 60_000);
  });

  it('pods with automountServiceAccountToken: false get no token volume', async () => {
    await c.kubectl(['run', 'quiet', '--image', 'busybox', '--overrides', JSON.stringify({ spec: { automountServiceAccountToken: false } }), '--', 'sleep', '3600']);
    expect((await c.kubectl(['get', 'pod', 'quiet', '-o', 'jsonpath={.spec.volumes}'])).stdout).toBe('');
  });

  it('the legacy token controller fills service-account-token Secrets', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'robot-token', annotations: { 'kubernetes.io/service-account.name': 'robot' } }, type: 'kubernetes.io/service-account-token' }) });
    let token = '';
    await eventually(async () => {
      token = Buffer.from((await c.kubectl(['get', 'secret', 'robot-token', '-o', 'jsonpath={.data.token}'])).stdout, 'base64').toString();
      return token.length > 0;
    }, 30_000);
    expect((await review(token)).status.user?.username).toBe('system:serviceaccount:default:robot');
    await c.kubectl(['delete', 'secret', 'robot-token']);
    expect((await review(token)).status.authenticated).toBeUndefined();
  });

  it('serves OIDC discovery without a token', async () => {
    const conf = await api.request('GET', '/.well-known/openid-configuration', undefined, {}, false);
    expect(conf.status).toBe(200);
    expect(conf.json()).toMatchObject({ issuer: 'https://kubernetes.default.svc.cluster.local', response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'] });
    const jwks = await api.request('GET', '/openid/v1/jwks', undefined, {}, false);
    expect(jwks.headers['content-type']).toBe('application/jwk-set+json');
    expect(jwks.json<{ keys: { kty: string; alg: string; use: string }[] }>().keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256', use: 'sig' });
  });
});
