import { execFile } from 'node:child_process';
import path from 'node:path';
import { CLIENT_PYTHON, CLIENT_RUBY, requireClientLibraries } from '../../scripts/client-libraries';
import { apiClient } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

const SCRIPTS = path.join(__dirname, 'scripts');

function run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const events = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);

/** Issue 16's protocol fidelity with the clients that broke: Python's watch and VersionApi, ruby-kubeclient's legacy watch paths. */
describe('third-party Kubernetes clients', () => {
  let c: TestCluster;

  beforeAll(async () => {
    requireClientLibraries();
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('serves the Python client\'s VersionApi and Watch().stream', async () => {
    const out = await run(CLIENT_PYTHON, [path.join(SCRIPTS, 'python-client.py'), c.runner.kubeconfig]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const [version, ...watched] = events(out.stdout);
    expect(version).toEqual({ version: 'v1.33.0-skiff' });
    expect(watched).toContainEqual({ type: 'ADDED', name: 'py-watched' });
  });

  it('serves ruby-kubeclient\'s watches on the legacy watch paths, of a collection and of one name', async () => {
    const out = await run(CLIENT_RUBY, [path.join(SCRIPTS, 'ruby-client.rb'), c.runner.kubeconfig]);
    expect(out.code).toBe(0);
    const seen = events(out.stdout);
    expect(seen.filter((e) => e.watch === 'rb-watched').map((e) => `${e.type} ${e.name}`)).toEqual(
      expect.arrayContaining(['ADDED rb-other', 'ADDED rb-watched']),
    );
    // The second watch names one object: the other config map never shows in it.
    const single = seen.slice(seen.findIndex((e) => e.name === 'rb-watched') + 1);
    expect(single.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED rb-watched']);
  });

  it.each([
    ['watch=True'],
    ['watch=1'],
    ['watch=t'],
    ['watch=TRUE'],
  ])('starts a watch for %s, as upstream\'s parameter codec reads it', async (q) => {
    const api = apiClient(c.runner.kubeconfig);
    const res = await api.request('GET', `/api/v1/namespaces/default/configmaps?${q}&timeoutSeconds=1`);
    api.agent.destroy();
    expect(res.status).toBe(200);
    expect(res.body.trim().split('\n')[0]).toMatch(/^\{"type":"ADDED"/);
  });

  it.each([['watch=false'], ['watch=0'], ['watch=False']])('lists for %s', async (q) => {
    const api = apiClient(c.runner.kubeconfig);
    const res = await api.request('GET', `/api/v1/namespaces/default/configmaps?${q}`);
    api.agent.destroy();
    expect(res.json()).toMatchObject({ kind: 'ConfigMapList' });
  });
});
