import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import type { ClusterDialer } from '../../shared/apiserver/proxy/dial';

/**
 * pods/proxy, services/proxy and nodes/proxy with the real kubectl. Simulated pods have addresses
 * no process listens on, so the cluster's dialer (upstream's egress "cluster" dialer) stands in for
 * the pod network: a routed pod address reaches a test server on 127.0.0.1, any other address a
 * closed port there, so an unreachable backend fails as a refused connection, deterministically.
 */
describe('proxy subresources', () => {
  let c: TestCluster;
  let server: http.Server;
  let closedPort: number;
  const routes = new Map<string, number>();
  const dialer: ClusterDialer = (host, port) => net.connect({ host: '127.0.0.1', port: routes.get(`${host}:${port}`) ?? closedPort });
  const as = (user: string, args: string[]) => c.kubectl([...args, '--as', user], { allowFail: true });
  const podIp = async (name: string) => (await c.kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.podIP}'])).stdout;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        if (req.url === '/moved') {
          res.writeHead(302, { location: '/elsewhere/' });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'x-backend': 'test' });
        res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), authorization: req.headers.authorization ?? null, forwardedUri: req.headers['x-forwarded-uri'], forwardedFor: req.headers['x-forwarded-for'] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    c = await startCluster({ nodes: 1 }, { clusterDialer: dialer });
    const pod = (name: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] },
    });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
    const none = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'none' }, spec: { selector: { app: 'nothing' }, ports: [{ name: 'http', port: 80 }] } };
    const ext = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ name: 'http', port: 80 }] } };
    const extEndpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext' }, subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: (server.address() as AddressInfo).port }] }] };
    const docs = [pod('web-1', { app: 'web' }), pod('dead', { app: 'dead' }), svc, none, ext, extEndpoints];
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }) });
    await eventually(async () => (await podIp('web-1')) !== '' && (await podIp('dead')) !== '');
    routes.set(`${await podIp('web-1')}:8080`, (server.address() as AddressInfo).port);
    await eventually(async () => (await c.kubectl(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].addresses[0].ip}'])).stdout !== '');
    await c.kubectl(['create', 'role', 'pod-getter', '--verb=get', '--resource=pods']);
    await c.kubectl(['create', 'rolebinding', 'bob-get', '--role=pod-getter', '--user=bob']);
  });
  afterAll(async () => {
    await c?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('reaches the pod behind a Service by port name, passing path and query through without the token', async () => {
    const out = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web:http/proxy/hello?x=1&y=2']);
    const seen = JSON.parse(out.stdout);
    expect(seen).toMatchObject({ method: 'GET', url: '/hello?x=1&y=2', authorization: null, forwardedUri: '/api/v1/namespaces/default/services/web:http/proxy/hello', forwardedFor: '127.0.0.1' });
  });

  it('carries a POST body to the backend through a Service port number', async () => {
    const out = await c.kubectl(['create', '--raw', '/api/v1/namespaces/default/services/web:80/proxy/echo', '-f', '-'], { input: '{"ping":1}' });
    expect(JSON.parse(out.stdout)).toMatchObject({ method: 'POST', url: '/echo', body: '{"ping":1}' });
  });

  it('reaches a pod by port number, by port name and by its first declared port', async () => {
    for (const id of ['web-1:8080', 'web-1:http', 'web-1', 'http:web-1:8080']) {
      const out = await c.kubectl(['get', '--raw', `/api/v1/namespaces/default/pods/${id}/proxy/p/`]);
      expect(JSON.parse(out.stdout)).toMatchObject({ url: '/p/' });
    }
  });

  it("answers upstream's Statuses when there is no backend to reach", async () => {
    const cases: Array<[string, string]> = [
      // An Endpoints with no subsets names the service alone, as upstream's message does.
      ['/api/v1/namespaces/default/services/none:http/proxy/', 'Error from server (ServiceUnavailable): no endpoints available for service "none"'],
      ['/api/v1/namespaces/default/services/web:81/proxy/', 'Error from server (ServiceUnavailable): no service port 81 found for service "web"'],
      ['/api/v1/namespaces/default/services/missing:80/proxy/', 'Error from server (NotFound): services "missing" not found'],
      ['/api/v1/namespaces/default/services/a:b:c:d/proxy/', 'Error from server (BadRequest): invalid service request "a:b:c:d"'],
      ['/api/v1/namespaces/default/pods/missing/proxy/', 'Error from server (NotFound): pods "missing" not found'],
    ];
    for (const [path, message] of cases) expect((await c.kubectl(['get', '--raw', path], { allowFail: true })).stderr.trim()).toBe(message);
  });

  it('never proxies to an address that is not a pod, such as a hand-made loopback endpoint', async () => {
    const out = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/ext:http/proxy/'], { allowFail: true });
    expect(out.stderr.trim()).toBe('Error from server (ServiceUnavailable): no endpoints available for service "ext:http"');
  });

  it('fails with the dial error when nothing listens at the pod or the node', async () => {
    const dead = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/dead/proxy/'], { allowFail: true });
    expect(dead.stderr.trim()).toBe(`Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${await podIp('dead')}:8080: connect: connection refused`);
    const node = (await c.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const ip = (await c.kubectl(['get', 'node', node, '-o', 'jsonpath={.status.addresses[?(@.type=="InternalIP")].address}'])).stdout;
    const kubelet = await c.kubectl(['get', '--raw', `/api/v1/nodes/${node}/proxy/healthz`], { allowFail: true });
    expect(kubelet.stderr.trim()).toBe(`Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${ip}:10250: connect: connection refused`);
  });

  it('drops CORS and hop-by-hop headers, keeps the rest, and keeps redirects behind the proxy', async () => {
    const res = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/web-1:8080/proxy/moved', '-v=8'], { allowFail: true });
    expect(res.stderr).toMatch(/Location: \/api\/v1\/namespaces\/default\/pods\/web-1:8080\/proxy\/elsewhere\//i);
    const headers = await c.kubectl(['get', '--raw', '/api/v1/namespaces/default/pods/web-1:8080/proxy/h', '-v=8']);
    expect(headers.stderr).toMatch(/X-Backend: test/i);
    expect(headers.stderr).not.toMatch(/Access-Control-Allow-Origin/i);
  });

  it('authorizes pods/proxy as its own subresource, as upstream', async () => {
    expect((await as('bob', ['get', 'pod', 'web-1', '-o', 'name'])).stdout.trim()).toBe('pod/web-1');
    const denied = await as('bob', ['get', '--raw', '/api/v1/namespaces/default/pods/web-1:8080/proxy/']);
    expect(denied.stderr.trim()).toBe('Error from server (Forbidden): pods "web-1:8080" is forbidden: User "bob" cannot get resource "pods/proxy" in API group "" in the namespace "default"');
    const post = await c.kubectl(['create', '--raw', '/api/v1/namespaces/default/pods/web-1:8080/proxy/', '-f', '-', '--as', 'bob'], { input: '{}', allowFail: true });
    expect(post.stderr.trim()).toContain('User "bob" cannot create resource "pods/proxy"');
  });
});
