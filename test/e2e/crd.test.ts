import path from 'node:path';
import { spawn } from 'node:child_process';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { KUBECTL } from '../../scripts/tools';

const FIXTURES = path.resolve(__dirname, '../fixtures');

/** A CRD exercising what the fixtures do not: two versions, status and scale, columns, CEL, defaults, selectable fields. */
const WIDGETS = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    selectableFields: [{jsonPath: .spec.color}]
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Size, type: string, jsonPath: .spec.size, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [color]
            x-kubernetes-validations:
            - rule: "self.replicas <= self.maxReplicas"
              message: replicas may not exceed maxReplicas
            - rule: "self.color == oldSelf.color"
              message: color is immutable
            properties:
              color: {type: string, enum: [red, green, blue]}
              replicas: {type: integer, format: int32, minimum: 0, default: 1}
              maxReplicas: {type: integer, default: 10}
              size: {type: string, default: medium, pattern: '^(small|medium|large)$'}
              tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
              phase: {type: string}
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;

const widget = (name: string, spec: Record<string, unknown>, version = 'v1') =>
  JSON.stringify({ apiVersion: `example.com/${version}`, kind: 'Widget', metadata: { name }, spec });

// Each step runs real kubectl or helm, and the machine may be shared: generous per-test deadlines.
jest.setTimeout(300_000);

describe('CustomResourceDefinitions through kubectl and helm', () => {
  let c: TestCluster;
  const json = async <T = Record<string, unknown>>(args: string[]): Promise<T> => JSON.parse((await c.kubectl([...args, '-o', 'json'])).stdout) as T;

  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('installs cert-manager\'s Certificate CRD server-side and lists it as upstream prints CRDs', async () => {
    await c.kubectl(['apply', '--server-side', '-f', path.join(FIXTURES, 'cert-manager-crds/cert-manager.io_certificates.yaml')]);
    await c.kubectl(['wait', '--for=condition=Established', 'crd/certificates.cert-manager.io', '--timeout=30s']);
    const crd = await json<{ status: { acceptedNames: { kind: string }; storedVersions: string[]; conditions: { type: string; status: string }[] } }>(['get', 'crd', 'certificates.cert-manager.io']);
    expect(crd.status.acceptedNames.kind).toBe('Certificate');
    expect(crd.status.storedVersions).toEqual(['v1']);
    expect(crd.status.conditions.map((x) => [x.type, x.status])).toEqual(expect.arrayContaining([['NamesAccepted', 'True'], ['Established', 'True']]));
    const table = (await c.kubectl(['get', 'crds'])).stdout;
    expect(table).toMatch(/^NAME\s+CREATED AT\n/);
    expect(table).toMatch(/^certificates\.cert-manager\.io\s+\d{4}-\d\d-\d\dT/m);
  });

  it('validates a Certificate against the schema, prints its columns and explains its spec', async () => {
    const cert = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'ca', kind: 'Issuer' } } };
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(cert) });
    const bad = await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify({ ...cert, metadata: { name: 'bad' }, spec: { ...cert.spec, isCA: 'yes' } }), allowFail: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.isCA: Invalid value: "string": spec.isCA in body must be of type boolean: "string"');
    const missing = await c.kubectl(['create', '-f', '-'], { input: JSON.stringify({ ...cert, metadata: { name: 'bad' }, spec: { dnsNames: ['x'] } }), allowFail: true });
    expect(missing.stderr).toContain('spec.issuerRef: Required value');
    expect(missing.stderr).toContain('spec.secretName: Required value');
    const out = (await c.kubectl(['get', 'certificates'])).stdout;
    expect(out).toMatch(/^NAME\s+READY\s+SECRET\s+AGE\n/);
    // No status yet: the Ready cell is null, which kubectl prints empty.
    expect(out).toMatch(/^web\s+web-tls\s+\d+s\n/m);
    // Short names and categories reach kubectl through discovery.
    expect((await c.kubectl(['get', 'cert', '-o', 'name'])).stdout.trim()).toBe('certificate.cert-manager.io/web');
    expect((await c.kubectl(['get', 'cert-manager', '-o', 'name'])).stdout.trim()).toBe('certificate.cert-manager.io/web');
    const explain = (await c.kubectl(['explain', 'certificate.spec'])).stdout;
    expect(explain).toMatch(/KIND:\s+Certificate/);
    expect(explain).toMatch(/secretName\s+<string> -required-/);
  });

  it('installs the ServiceMonitor CRD from a chart\'s crds/ folder and the chart\'s ServiceMonitor with it', async () => {
    const out = await c.helm(['install', 'mon', path.join(FIXTURES, 'servicemonitor-chart'), '--wait', '--timeout', '60s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const sm = await json<{ spec: { endpoints: { interval: string }[] } }>(['get', 'servicemonitor', 'mon']);
    expect(sm.spec.endpoints[0].interval).toBe('30s');
    const bad = await c.kubectl(['apply', '--server-side', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'bad' }, spec: { selector: {}, endpoints: [{ port: 5 }] } }),
      allowFail: true,
    });
    expect(bad.stderr).toContain('spec.endpoints[0].port: Invalid value: "integer": spec.endpoints[0].port in body must be of type string: "integer"');
    await c.kubectl(['apply', '--server-side', '-f', path.join(FIXTURES, 'prometheus-operator-crds/monitoring.coreos.com_prometheusrules.yaml')]);
    await c.kubectl(['wait', '--for=condition=Established', 'crd/prometheusrules.monitoring.coreos.com', '--timeout=30s']);
  });

  it('serves a CRD with status and scale subresources, columns, defaults, CEL rules and two versions', async () => {
    await c.kubectl(['apply', '--server-side', '-f', '-'], { input: WIDGETS });
    await c.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
    await c.kubectl(['create', '-f', '-'], { input: widget('w1', { color: 'red' }) });
    const w1 = await json<{ spec: Record<string, unknown>; metadata: { generation: number } }>(['get', 'widget', 'w1']);
    expect(w1.spec).toEqual({ color: 'red', replicas: 1, maxReplicas: 10, size: 'medium' });
    expect(w1.metadata.generation).toBe(1);
    // Columns, -o wide for priority 1, and the category `all`.
    expect((await c.kubectl(['get', 'widgets'])).stdout).toMatch(/^NAME\s+COLOR\s+REPLICAS\s+AGE\nw1\s+red\s+1\s+\d+s\n$/);
    expect((await c.kubectl(['get', 'wd', '-o', 'wide'])).stdout).toMatch(/^NAME\s+COLOR\s+REPLICAS\s+SIZE\s+AGE\nw1\s+red\s+1\s+medium\s+\d+s\n$/);
    expect((await c.kubectl(['get', 'all', '-o', 'name'])).stdout).toContain('widget.example.com/w1');

    const enumBad = await c.kubectl(['create', '-f', '-'], { input: widget('w2', { color: 'pink' }), allowFail: true });
    expect(enumBad.stderr).toContain('spec.color: Unsupported value: "pink": supported values: "red", "green", "blue"');
    const cel = await c.kubectl(['create', '-f', '-'], { input: widget('w2', { color: 'blue', replicas: 20 }), allowFail: true });
    expect(cel.stderr).toContain('spec: Invalid value: "object": replicas may not exceed maxReplicas');
    const transition = await c.kubectl(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"color":"green"}}'], { allowFail: true });
    expect(transition.stderr).toContain('color is immutable');
    const strategic = await c.kubectl(['patch', 'widget', 'w1', '--type=strategic', '-p', '{"spec":{"replicas":2}}'], { allowFail: true });
    expect(strategic.stderr).toContain('application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget');
    const pruned = await c.kubectl(['apply', '-f', '-', '--validate=warn'], { input: widget('w3', { color: 'green', extra: 1 }) });
    expect(pruned.stderr).toContain('unknown field "spec.extra"');
    expect((await json<{ spec: Record<string, unknown> }>(['get', 'widget', 'w3'])).spec.extra).toBeUndefined();
    const strict = await c.kubectl(['create', '-f', '-'], { input: widget('w4', { color: 'green', extra: 1 }), allowFail: true });
    expect(strict.stderr).toContain('unknown field "spec.extra"');

    // Spec and status are written apart: status through /status only, generation on spec changes only.
    await c.kubectl(['patch', 'widget', 'w1', '--type=merge', '-p', '{"status":{"phase":"Ignored"}}']);
    expect((await json<{ status?: unknown }>(['get', 'widget', 'w1'])).status).toBeUndefined();
    await c.kubectl(['patch', 'widget', 'w1', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready","replicas":1,"selector":"app=w1"},"spec":{"replicas":5}}']);
    const afterStatus = await json<{ spec: { replicas: number }; status: { phase: string }; metadata: { generation: number } }>(['get', 'widget', 'w1']);
    expect([afterStatus.spec.replicas, afterStatus.status.phase, afterStatus.metadata.generation]).toEqual([1, 'Ready', 1]);
    await c.kubectl(['patch', 'widget', 'w1', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']);
    expect((await json<{ metadata: { generation: number } }>(['get', 'widget', 'w1'])).metadata.generation).toBe(2);

    // kubectl scale goes through the scale subresource's specReplicasPath.
    await c.kubectl(['scale', 'widget', 'w1', '--replicas=4']);
    expect((await json<{ spec: { replicas: number } }>(['get', 'widget', 'w1'])).spec.replicas).toBe(4);
    const scale = JSON.parse((await c.kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets/w1/scale'])).stdout);
    expect(scale).toMatchObject({ spec: { replicas: 4 }, status: { replicas: 1, selector: 'app=w1' } });

    // Field selectors on selectableFields; the other version reads the same objects with its apiVersion.
    expect((await c.kubectl(['get', 'widgets', '--field-selector', 'spec.color=green', '-o', 'name'])).stdout.trim()).toBe('widget.example.com/w3');
    const beta = await json<{ apiVersion: string; spec: { color: string } }>(['get', 'widgets.v1beta1.example.com', 'w1']);
    expect([beta.apiVersion, beta.spec.color]).toEqual(['example.com/v1beta1', 'red']);
  });

  it('streams custom resource changes to kubectl get -w', async () => {
    const watcher = spawn(KUBECTL, ['get', 'widgets', '-w', '-o', 'name', '--request-timeout=60s'], { env: { ...process.env, KUBECONFIG: c.runner.kubeconfig, HOME: c.dir } });
    let seen = '';
    let errors = '';
    watcher.stdout.on('data', (d: Buffer) => (seen += d.toString()));
    watcher.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    const lines = (name: string) => seen.split('\n').filter((l) => l === `widget.example.com/${name}`).length;
    try {
      await eventually(async () => lines('w1') > 0 || (errors ? Promise.reject(new Error(errors)) : false), 30_000);
      await c.kubectl(['create', '-f', '-'], { input: widget('watched', { color: 'blue' }) });
      await c.kubectl(['label', 'widget', 'watched', 'seen=yes']);
      await c.kubectl(['delete', 'widget', 'watched']);
      // Added, modified, deleted: one line each.
      await eventually(async () => lines('watched') >= 3 || (errors ? Promise.reject(new Error(errors)) : false), 30_000);
    } finally {
      watcher.kill();
    }
  });

  it('deletes every custom resource with its CRD, then the CRD', async () => {
    await c.kubectl(['delete', 'crd', 'widgets.example.com', '--wait=false']);
    await eventually(async () => (await c.kubectl(['get', 'crd', 'widgets.example.com'], { allowFail: true })).code !== 0, 30_000);
    // Each process's view of the definitions may be up to 2 s stale (shared/registry/custom/registry.ts).
    const gone = await eventually(async () => {
      const r = await c.kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets'], { allowFail: true });
      return r.code !== 0 ? r : undefined;
    }, 10_000).catch(() => c.kubectl(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets'], { allowFail: true }));
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('NotFound');
    // Recreated, the definition serves an empty collection: nothing of the old one survived.
    await c.kubectl(['apply', '--server-side', '-f', '-'], { input: WIDGETS });
    await c.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
    expect((await c.kubectl(['get', 'widgets', '-o', 'name'])).stdout.trim()).toBe('');
  });
});
