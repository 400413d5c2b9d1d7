import https from 'node:https';
import { apiClient } from '../support/http';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const SIM = '[skiff simulated runtime]';
const pod = (name: string, spec: object) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });

/** `kubectl logs` and the streaming subresources with the real kubectl against simulated nodes. */
describe('kubectl logs on simulated nodes', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    api = apiClient(c.runner.kubeconfig);
    await c.kubectl(['apply', '-f', '-'], { input: pod('web', { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox', command: ['sleep', '3600'] }] }) });
    await c.kubectl(['apply', '-f', '-'], { input: pod('crasher', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] }) });
    await eventually(async () => (await c.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running');
  });
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  it('prints what the simulated runtime did, for the container -c names', async () => {
    const out = await c.kubectl(['logs', 'web', '-c', 'side']);
    expect(out.stdout).toBe(
      `${SIM} started container "side": image docker.io/library/busybox:latest, command ["sleep","3600"]; the command does not really run, in this simulation it runs until stopped\n`,
    );
    const app = await c.kubectl(['logs', 'web', '-c', 'app']);
    expect(app.stdout).toContain(`started container "app": image docker.io/library/nginx:1.27, the image's default command`);
  });

  it('defaults to the first container as kubectl does, and the API asks for a name as upstream', async () => {
    const out = await c.kubectl(['logs', 'web']);
    expect(out.stderr).toContain('Defaulted container "app" out of: app, side');
    expect(out.stdout).toContain('started container "app"');
    const res = await api.request('GET', '/api/v1/namespaces/default/pods/web/log');
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'a container name must be specified for pod web, choose one of: [app side]' });
  });

  it('prefixes RFC3339Nano timestamps and keeps the last lines with --tail', async () => {
    await eventually(async () => Number((await c.kubectl(['get', 'pod', 'crasher', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout) >= 1, 30_000);
    const stamped = (await c.kubectl(['logs', 'crasher', '--previous', '--timestamps'])).stdout.trim().split('\n');
    expect(stamped).toHaveLength(2);
    for (const line of stamped) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z \[skiff simulated runtime\] /);
    const tail = (await c.kubectl(['logs', 'crasher', '--previous', '--tail=1'])).stdout;
    expect(tail).toBe(`${SIM} container "c" exited with code 1\n`);
  });

  it('reads the run before a crash restart with --previous', async () => {
    const previous = (await c.kubectl(['logs', 'crasher', '--previous'])).stdout;
    expect(previous).toContain('started container "c"');
    expect(previous).toContain('exited with code 1');
    const none = await c.kubectl(['logs', 'web', '-c', 'app', '--previous'], { allowFail: true });
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('previous terminated container "app" in pod "web" not found');
  });

  it('follows with -f and returns when the container ends', async () => {
    const out = await c.kubectl(['logs', '-f', 'crasher']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('exited with code 1');
  });

  it('streams a live container with follow until the client leaves', async () => {
    const abort = new AbortController();
    const first = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        { host: api.server.hostname, port: api.server.port, path: '/api/v1/namespaces/default/pods/web/log?container=side&follow=true', agent: api.agent, signal: abort.signal, headers: { authorization: `Bearer ${api.token}` } },
        (res) => res.once('data', (chunk: Buffer) => resolve(`${res.statusCode} ${chunk.toString()}`)),
      );
      req.on('error', (err) => (abort.signal.aborted ? undefined : reject(err)));
      req.end();
    });
    abort.abort();
    expect(first).toMatch(/^200 \[skiff simulated runtime\] started container "side"/);
  });

  it('answers exec, attach and port-forward with a clear Status kubectl prints', async () => {
    const exec = await c.kubectl(['exec', 'web', '-c', 'app', '--', 'ls'], { allowFail: true });
    expect(exec.code).not.toBe(0);
    expect(exec.stderr).toContain('Error from server (MethodNotAllowed): exec is not supported yet for pods on simulated nodes (no container runs there): pod "web" runs on node "skiff-worker-1"');
    const pf = await c.kubectl(['port-forward', 'pod/web', '18080:80'], { allowFail: true });
    expect(pf.code).not.toBe(0);
    expect(pf.stderr).toContain('port-forward is not supported yet for pods on simulated nodes');
    for (const [method, sub] of [['GET', 'attach'], ['POST', 'attach'], ['GET', 'exec'], ['POST', 'portforward']]) {
      const res = await api.request(method, `/api/v1/namespaces/default/pods/web/${sub}`, undefined, { connection: 'Upgrade', upgrade: 'SPDY/3.1' });
      expect(res.status).toBe(405);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405, details: { name: 'web', kind: 'pods' } });
    }
  });

  it('answers 404 for a pod that does not exist', async () => {
    const out = await c.kubectl(['logs', 'nope'], { allowFail: true });
    expect(out.stderr).toContain('pods "nope" not found');
  });
});
