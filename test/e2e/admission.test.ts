import net from 'node:net';
import forge from 'node-forge';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { startWebhook, WebhookFixture } from './fixtures/webhook/server';

/** Issue #16's admission acceptance with the real kubectl: webhooks, quota, limit ranges, priority, and the new kinds. */
describe('admission and the remaining built-in kinds', () => {
  let c: TestCluster;
  let hook: WebhookFixture;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    hook = await startWebhook();
  }, 180_000);
  afterAll(async () => {
    await hook?.close();
    await c?.stop();
  });

  const apply = (obj: object) => c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
  const pod = (name: string, ns: string, labels: Record<string, string> = {}, extra: object = {}) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
  });
  const namespace = async (name: string) => {
    await c.kubectl(['create', 'namespace', name]);
    await c.kubectl(['label', 'namespace', name, `webhooks=${name}`]);
  };
  const webhookConfig = (kind: string, name: string, hookName: string, url: string, ns: string, extra: object = {}) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: [
      {
        name: hookName,
        clientConfig: { url, caBundle: hook.caBundle },
        rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        namespaceSelector: { matchLabels: { webhooks: ns } },
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        ...extra,
      },
    ],
  });

  it('a validating webhook served over HTTPS with its own CA denies a pod with its message, and warns', async () => {
    await namespace('vwh');
    await apply(webhookConfig('ValidatingWebhookConfiguration', 'deny', 'deny.skiff.test', `https://127.0.0.1:${hook.port}/validate`, 'vwh'));
    const denied = await eventually(async () => {
      const r = await c.kubectl(['create', '-f', '-'], { input: JSON.stringify(pod(`bad${Date.now() % 100000}`, 'vwh', { deny: 'yes' })), allowFail: true });
      return r.code !== 0 && r;
    });
    expect(denied.stderr).toContain('admission webhook "deny.skiff.test" denied the request: pods labelled deny=yes are not allowed');
    const ok = await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod('good', 'vwh')) });
    expect(ok.stderr).toContain('Warning: checked by the test webhook');
    const review = hook.reviews.find((r) => r.path === '/validate' && (r.request.name as string) === 'good');
    expect(review?.request).toMatchObject({
      operation: 'CREATE',
      namespace: 'vwh',
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      userInfo: { username: 'kubernetes-admin' },
      dryRun: false,
    });
    // A dry run goes to a webhook without side effects too, and is refused the same way.
    const dry = await c.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: JSON.stringify(pod('bad2', 'vwh', { deny: 'yes' })), allowFail: true });
    expect(dry.stderr).toContain('denied the request: pods labelled deny=yes are not allowed');
  }, 90_000);

  it('a mutating webhook adds a label', async () => {
    await namespace('mwh');
    await apply(webhookConfig('MutatingWebhookConfiguration', 'label', 'label.skiff.test', `https://127.0.0.1:${hook.port}/mutate`, 'mwh'));
    const labels = await eventually(async () => {
      const name = `m${Date.now() % 100000}`;
      await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod(name, 'mwh', { app: 'x' })) });
      const got = JSON.parse((await c.kubectl(['get', 'pod', name, '-n', 'mwh', '-o', 'json'])).stdout) as { metadata: { labels: Record<string, string> } };
      return got.metadata.labels.mutated === 'true' && got.metadata.labels;
    });
    expect(labels).toEqual({ app: 'x', mutated: 'true' });
  }, 90_000);

  it('failurePolicy Ignore admits with the webhook down; Fail refuses with upstream message', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    await namespace('ign');
    await apply(webhookConfig('ValidatingWebhookConfiguration', 'down-ignore', 'ignore.skiff.test', `https://127.0.0.1:${closed}/down`, 'ign', { failurePolicy: 'Ignore' }));
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod('admitted', 'ign')) });
    await namespace('fail');
    await apply(webhookConfig('ValidatingWebhookConfiguration', 'down-fail', 'fail.skiff.test', `https://127.0.0.1:${closed}/down`, 'fail', { failurePolicy: 'Fail', timeoutSeconds: 5 }));
    // A fresh name each try: a try that raced the webhook configuration's cache (up to 1 s stale)
    // creates its pod, and applying that name again would be an update the webhook never sees.
    const refused = await eventually(async () => {
      const r = await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(pod(`refused-${Date.now() % 100000}`, 'fail')), allowFail: true });
      return r.code !== 0 && r;
    });
    expect(refused.stderr).toContain(
      `Internal error occurred: failed calling webhook "fail.skiff.test": failed to call webhook: Post "https://127.0.0.1:${closed}/down?timeout=5s": dial tcp 127.0.0.1:${closed}: connect: connection refused`,
    );
  }, 90_000);

  it('a quota of 2 pods refuses the third with upstream message', async () => {
    await c.kubectl(['create', 'namespace', 'quota']);
    await c.kubectl(['create', 'quota', 'q', '--hard=pods=2', '-n', 'quota']);
    await eventually(async () => {
      const q = JSON.parse((await c.kubectl(['get', 'quota', 'q', '-n', 'quota', '-o', 'json'])).stdout) as { status?: { used?: Record<string, string> } };
      return q.status?.used?.pods === '0';
    });
    await c.kubectl(['run', 'p1', '--image=nginx', '-n', 'quota']);
    await c.kubectl(['run', 'p2', '--image=nginx', '-n', 'quota']);
    const third = await c.kubectl(['run', 'p3', '--image=nginx', '-n', 'quota'], { allowFail: true });
    expect(third.stderr.trim()).toBe('Error from server (Forbidden): pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    const row = (await c.kubectl(['get', 'quota', 'q', '-n', 'quota', '--no-headers'])).stdout.trim().split(/\s{2,}/);
    expect(row[0]).toBe('q');
    expect(row[2]).toBe('pods: 2/2');
  }, 90_000);

  it('LimitRange defaults appear on a pod, and its max is enforced with upstream message', async () => {
    await c.kubectl(['create', 'namespace', 'limits']);
    await apply({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr', namespace: 'limits' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] },
    });
    await c.kubectl(['run', 'd', '--image=nginx', '-n', 'limits']);
    const got = JSON.parse((await c.kubectl(['get', 'pod', 'd', '-n', 'limits', '-o', 'json'])).stdout) as {
      metadata: { annotations: Record<string, string> };
      spec: { containers: { resources: unknown }[] };
    };
    expect(got.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
    expect(got.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container d; cpu, memory limit for container d');
    const big = await c.kubectl(['run', 'big', '--image=nginx', '-n', 'limits', '--overrides', JSON.stringify({ spec: { containers: [{ name: 'big', image: 'nginx', resources: { limits: { cpu: '2' } } }] } })], { allowFail: true });
    expect(big.stderr).toContain('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  }, 90_000);

  it('PriorityClass: system classes, kubectl create priorityclass, a pod resolving its priority, an unknown class refused', async () => {
    const rows = (await c.kubectl(['get', 'pc', '--no-headers'])).stdout;
    expect(rows).toMatch(/system-cluster-critical\s+2000000000\s+false/);
    expect(rows).toMatch(/system-node-critical\s+2000001000\s+false/);
    await c.kubectl(['create', 'priorityclass', 'high', '--value=1000', '--description=test']);
    // Admission reads priority classes through a cache of at most a second (docs/admission.md).
    await eventually(async () => (await c.kubectl(['run', 'hp', '--image=nginx', '--overrides', JSON.stringify({ spec: { priorityClassName: 'high' } })], { allowFail: true })).code === 0);
    const got = JSON.parse((await c.kubectl(['get', 'pod', 'hp', '-o', 'json'])).stdout) as { spec: { priority: number; preemptionPolicy: string } };
    expect(got.spec).toMatchObject({ priority: 1000, preemptionPolicy: 'PreemptLowerPriority' });
    const unknown = await c.kubectl(['run', 'np', '--image=nginx', '--overrides', JSON.stringify({ spec: { priorityClassName: 'nope' } })], { allowFail: true });
    expect(unknown.stderr.trim()).toBe('Error from server (Forbidden): pods "np" is forbidden: no PriorityClass with name nope was found');
    const system = await c.kubectl(['delete', 'pc', 'system-node-critical'], { allowFail: true });
    expect(system.stderr).toContain('this is a system priority class and cannot be deleted');
    const reserved = await c.kubectl(['create', 'priorityclass', 'system-mine', '--value=5'], { allowFail: true });
    expect(reserved.stderr).toContain("priority class names with 'system-' prefix are reserved for system use only");
  }, 90_000);

  it('NetworkPolicy, APIService and ComponentStatus through kubectl', async () => {
    await apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: 'default' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'] },
    });
    expect((await c.kubectl(['get', 'netpol', 'deny-all', '--no-headers'])).stdout).toMatch(/^deny-all\s+app=web\s+\d+s/);
    const apis = (await c.kubectl(['get', 'apiservices', '--no-headers'])).stdout;
    expect(apis).toMatch(/v1beta1\.metrics\.k8s\.io\s+Local\s+True/);
    expect(apis).toMatch(/v1\.apps\s+Local\s+True/);
    const cs = (await c.kubectl(['get', 'componentstatuses'])).stdout;
    expect(cs).toMatch(/etcd-0\s+Healthy\s+ok/);
    expect(cs).toMatch(/scheduler\s+Unknown/);
  }, 60_000);

  it('a CSR is approved with kubectl certificate approve and denied with deny', async () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = keys.publicKey;
    csr.setSubject([{ name: 'commonName', value: 'jane' }]);
    csr.sign(keys.privateKey);
    const request = Buffer.from(forge.pki.certificationRequestToPem(csr)).toString('base64');
    for (const name of ['jane', 'joe']) {
      await apply({
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name },
        spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400, usages: ['client auth'] },
      });
    }
    expect((await c.kubectl(['get', 'csr', 'jane', '--no-headers'])).stdout).toMatch(/^jane\s+\S+\s+kubernetes\.io\/kube-apiserver-client\s+kubernetes-admin\s+24h\s+Pending/);
    expect((await c.kubectl(['certificate', 'approve', 'jane'])).stdout.trim()).toBe('certificatesigningrequest.certificates.k8s.io/jane approved');
    expect((await c.kubectl(['certificate', 'deny', 'joe'])).stdout.trim()).toBe('certificatesigningrequest.certificates.k8s.io/joe denied');
    // The signer issues it next (test/e2e/certificates.test.ts follows that through).
    expect((await c.kubectl(['get', 'csr', 'jane', '--no-headers'])).stdout).toMatch(/Approved(,Issued)?\s*$/);
    expect((await c.kubectl(['get', 'csr', 'joe', '--no-headers'])).stdout).toMatch(/Denied\s*$/);
  }, 60_000);
});
