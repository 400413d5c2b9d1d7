import { apiClient } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

/** Issue 16's protocol fidelity details, through kubectl and raw HTTPS. */
describe('protocol fidelity', () => {
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

  it('turns an unknown kind into upstream\'s no-matches message (kubectl reads /openapi/v2 as protobuf)', async () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec: {}\n';
    const out = await c.kubectl(['apply', '-f', '-'], { input: widget, allowFail: true });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
    expect(out.stderr).toContain('ensure CRDs are installed first');
  });

  it('validates a v1 List client-side against the Swagger definitions, as kubectl does upstream', async () => {
    const list = (data: string) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'listed' }, ...JSON.parse(data) }] });
    await c.kubectl(['apply', '-f', '-'], { input: list('{"data":{"a":"1"}}') });
    const bad = await c.kubectl(['apply', '-f', '-'], { input: list('{"bogus":1}'), allowFail: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown field "bogus"');
  });

  it('serves /openapi/v2 as Swagger 2.0 JSON', async () => {
    const doc = (await api.request('GET', '/openapi/v2', undefined, { accept: 'application/json' })).json<{ swagger: string; definitions: Record<string, Record<string, unknown>>; paths: Record<string, unknown> }>();
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}']).toHaveProperty('patch');
    const proto = await api.request('GET', '/openapi/v2', undefined, { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(proto.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  });

  it('answers /version/ with a trailing slash, without a token', async () => {
    const res = await api.request('GET', '/version/', undefined, {}, false);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ major: '1', minor: '33' });
  });

  it('answers an unknown API path with details {} and any other path with Go\'s plain 404', async () => {
    const res = await api.request('GET', '/api/v1/widgets');
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    const plain = await api.request('GET', '/no-such-thing');
    expect(plain.status).toBe(404);
    expect(plain.body).toBe('404 page not found\n');
    const missing = (await api.request('GET', '/api/v1/namespaces/default/pods/nope')).json();
    expect(missing.details).toEqual({ name: 'nope', kind: 'pods' });
  });

  it.each<[string, string, object, unknown]>([
    ['a Deployment', '/apis/apps/v1/namespaces/default/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, {}],
    ['a ReplicaSet', '/apis/apps/v1/namespaces/default/replicasets', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { replicas: 0, selector: { matchLabels: { a: 'r' } }, template: { metadata: { labels: { a: 'r' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }, { replicas: 0 }],
    ['a PodDisruptionBudget', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, selector: { matchLabels: { a: 'z' } } } }, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }],
    ['an Ingress', '/apis/networking.k8s.io/v1/namespaces/default/ingresses', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } }, status: { loadBalancer: { ingress: [{ hostname: 'forged' }] } } }, { loadBalancer: {} }],
  ])('answers the create of %s with its status, as upstream', async (_kind, path, body, status) => {
    const res = await api.request('POST', path, JSON.stringify(body));
    expect(res.status).toBe(201);
    expect(res.json().status).toEqual(status);
  });

  it('answers a ConfigMap create without a status (the kind has none)', async () => {
    const res = await api.request('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'no-status' } }));
    expect(res.json()).not.toHaveProperty('status');
  });

  it('defaults fieldRef.apiVersion to v1', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'env' }, spec: { containers: [{ name: 'c', image: 'busybox', env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } };
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod) });
    const got = JSON.parse((await c.kubectl(['get', 'pod', 'env', '-o', 'json'])).stdout);
    expect(got.spec.containers[0].env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'metadata.name' });
  });

  it('serves /metrics in the Prometheus format to an authenticated client only', async () => {
    expect((await api.request('GET', '/metrics', undefined, {}, false)).json()).toMatchObject({ code: 403, message: 'forbidden: User "system:anonymous" cannot get path "/metrics"' });
    const res = await api.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/apiserver_request_total\{code="201",component="apiserver",dry_run="",group="",resource="configmaps",scope="namespace",subresource="",verb="POST",version="v1"\} [1-9]/);
    expect(res.body).toContain('# TYPE apiserver_request_duration_seconds histogram');
  });
});
