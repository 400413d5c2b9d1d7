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
    void eventually;
  });
});
