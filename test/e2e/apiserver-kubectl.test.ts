import { startCluster, TestCluster } from '../support/cluster';

/** Issue 2's acceptance, with the real kubectl v1.33 against the local runner. */
describe('API server with kubectl', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('lists the four bootstrap namespaces and the kubernetes service', async () => {
    const ns = await c.kubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(ns.stdout.split(' ').sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const ip = await c.kubectl(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}']);
    expect(ip.stdout).toBe('10.96.0.1');
  });

  it('creates, labels, selects, patches and deletes a configmap', async () => {
    await c.kubectl(['create', 'configmap', 'app-config', '--from-literal=mode=dev']);
    const obj = JSON.parse((await c.kubectl(['get', 'configmap', 'app-config', '-o', 'json'])).stdout);
    expect(obj.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(obj.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(obj.data).toEqual({ mode: 'dev' });

    await c.kubectl(['label', 'configmap', 'app-config', 'tier=web']);
    const selected = await c.kubectl(['get', 'configmaps', '-l', 'tier=web', '-o', 'name']);
    expect(selected.stdout.trim()).toBe('configmap/app-config');
    const notSelected = await c.kubectl(['get', 'configmaps', '-l', 'tier notin (web)', '-o', 'name']);
    expect(notSelected.stdout).not.toContain('app-config');

    await c.kubectl(['patch', 'configmap', 'app-config', '--type=merge', '-p', '{"data":{"mode":"prod"}}']);
    await c.kubectl(['patch', 'configmap', 'app-config', '--type=json', '-p', '[{"op":"add","path":"/data/extra","value":"1"}]']);
    const patched = JSON.parse((await c.kubectl(['get', 'configmap', 'app-config', '-o', 'json'])).stdout);
    expect(patched.data).toEqual({ mode: 'prod', extra: '1' });

    await c.kubectl(['delete', 'configmap', 'app-config']);
    const gone = await c.kubectl(['get', 'configmap', 'app-config'], { allowFail: true });
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "app-config" not found');
  });

  it('pages through a list with --chunk-size', async () => {
    for (let i = 0; i < 5; i++) await c.kubectl(['create', 'configmap', `page-${i}`]);
    const out = await c.kubectl(['get', 'configmaps', '--chunk-size=2', '-o', 'name', '-v=6']);
    const names = out.stdout.trim().split('\n').filter((n) => n.startsWith('configmap/page-'));
    expect(names).toEqual([0, 1, 2, 3, 4].map((i) => `configmap/page-${i}`));
    expect(out.stderr).toContain('continue=');
  });

  it('refuses a replace from a stale resourceVersion with Conflict', async () => {
    await c.kubectl(['create', 'configmap', 'stale']);
    const first = (await c.kubectl(['get', 'configmap', 'stale', '-o', 'json'])).stdout;
    await c.kubectl(['label', 'configmap', 'stale', 'moved=yes']);
    const res = await c.kubectl(['replace', '-f', '-'], { input: first, allowFail: true });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('answers AlreadyExists for a duplicate create and Invalid naming the field for a bad name', async () => {
    await c.kubectl(['create', 'configmap', 'dup']);
    const dup = await c.kubectl(['create', 'configmap', 'dup'], { allowFail: true });
    // kubectl's own wording for its create generators, as against any cluster.
    expect(dup.stderr).toContain('error: failed to create configmap: configmaps "dup" already exists');
    const viaFile = await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dup' } }), allowFail: true });
    expect(viaFile.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists');
    const bad = await c.kubectl(['create', 'configmap', 'Bad_Name'], { allowFail: true });
    expect(bad.stderr).toContain('ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it('creates secrets, services and namespaces with objects in them', async () => {
    await c.kubectl(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
    const secret = JSON.parse((await c.kubectl(['get', 'secret', 'creds', '-o', 'json'])).stdout);
    expect(secret.type).toBe('Opaque');
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');

    await c.kubectl(['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    const svc = JSON.parse((await c.kubectl(['get', 'svc', 'web', '-o', 'json'])).stdout);
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, protocol: 'TCP' });

    await c.kubectl(['create', 'namespace', 'team-a']);
    await c.kubectl(['create', 'configmap', 'in-team', '-n', 'team-a']);
    const listed = await c.kubectl(['get', 'configmaps', '-n', 'team-a', '-o', 'name']);
    expect(listed.stdout).toContain('configmap/in-team');
    const missing = await c.kubectl(['create', 'configmap', 'nowhere', '-n', 'no-such-ns'], { allowFail: true });
    expect(missing.stderr).toContain('namespaces "no-such-ns" not found');
  });

  it('refuses a taken ClusterIP and NodePort with the field named', async () => {
    const svc = (name: string, spec: object) => JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
    await c.kubectl(['create', '-f', '-'], { input: svc('np-a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }) });
    const taken = await c.kubectl(['create', '-f', '-'], { input: svc('np-b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), allowFail: true });
    expect(taken.stderr).toContain('spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const ipTaken = await c.kubectl(['create', '-f', '-'], { input: svc('ip-b', { clusterIP: '10.96.0.1', ports: [{ port: 80 }] }), allowFail: true });
    expect(ipTaken.stderr).toContain('failed to allocate IP 10.96.0.1: provided IP is already allocated');
    await c.kubectl(['delete', 'svc', 'np-a']);
    await c.kubectl(['create', '-f', '-'], { input: svc('np-b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }) });
  });

  it('rejects an unknown field under kubectl validation, naming it', async () => {
    const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo' }, dataa: { a: 'b' } });
    const res = await c.kubectl(['apply', '-f', '-'], { input: manifest, allowFail: true });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('unknown field "dataa"');
    expect((await c.kubectl(['get', 'configmap', 'typo'], { allowFail: true })).code).not.toBe(0);
  });
});
