import { apiClient, HttpResult } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

type Obj = Record<string, unknown>;

const NS = 'fields';
const container = { name: 'c', image: 'nginx', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1' } }, ports: [{ containerPort: 80 }] };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } };

/** One valid object of every served kind: what the fuzzer starts from. */
const KINDS: { kind: string; collection: string; base: Obj }[] = [
  { kind: 'Namespace', collection: '/api/v1/namespaces', base: { metadata: { labels: { a: 'b' } } } },
  { kind: 'Pod', collection: `/api/v1/namespaces/${NS}/pods`, base: { spec: { containers: [container], terminationGracePeriodSeconds: 0, nodeSelector: { zone: 'a' } } } },
  { kind: 'Service', collection: `/api/v1/namespaces/${NS}/services`, base: { spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 8080 }] } } },
  { kind: 'ConfigMap', collection: `/api/v1/namespaces/${NS}/configmaps`, base: { data: { k: 'v' }, binaryData: { b: 'AAEC' } } },
  { kind: 'Secret', collection: `/api/v1/namespaces/${NS}/secrets`, base: { type: 'Opaque', data: { k: 'dmFsdWU=' } } },
  { kind: 'Node', collection: '/api/v1/nodes', base: { spec: { unschedulable: true }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } } },
  { kind: 'Event', collection: `/api/v1/namespaces/${NS}/events`, base: { involvedObject: { kind: 'Pod', name: 'p', namespace: NS }, reason: 'Test', message: 'm', count: 1, type: 'Normal' } },
  { kind: 'Endpoints', collection: `/api/v1/namespaces/${NS}/endpoints`, base: { subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] } },
  { kind: 'ServiceAccount', collection: `/api/v1/namespaces/${NS}/serviceaccounts`, base: { automountServiceAccountToken: false } },
  { kind: 'Deployment', collection: `/apis/apps/v1/namespaces/${NS}/deployments`, base: { spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } }, template } } },
  { kind: 'ReplicaSet', collection: `/apis/apps/v1/namespaces/${NS}/replicasets`, base: { spec: { replicas: 0, selector: { matchLabels: { app: 'x' } }, template } } },
  { kind: 'Lease', collection: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`, base: { spec: { holderIdentity: 'h', leaseDurationSeconds: 15 } } },
  { kind: 'EndpointSlice', collection: `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, base: { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] } },
  { kind: 'PodDisruptionBudget', collection: `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets`, base: { spec: { minAvailable: 1, selector: { matchLabels: { app: 'x' } } } } },
];

/** JSON has no Infinity: this placeholder is sent as the literal number 1e400. */
const HUGE = '__1e400__';
const encode = (o: unknown) => JSON.stringify(o).replaceAll(`"${HUGE}"`, '1e400');

/** Values of the wrong type (and out of range) for a leaf of the given type. */
function wrongValues(v: unknown): unknown[] {
  // Numbers are strings' wrong type only where no IntOrString or Quantity could take them: left out.
  if (typeof v === 'string') return [true, { a: 1 }, ['x']];
  if (typeof v === 'number') return [true, 1.5, HUGE, { a: 1 }, [1]];
  if (typeof v === 'boolean') return ['yes', 1];
  if (Array.isArray(v)) return ['x', { a: 1 }];
  return ['x', [1], 7];
}

/** Every leaf path of an object (arrays by index), except the object's identity. */
function leaves(o: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (o === null || typeof o !== 'object') return [path];
  const entries = Array.isArray(o) ? o.map((v, i) => [i, v] as const) : Object.entries(o);
  const out: (string | number)[][] = path.length > 0 ? [path] : [];
  for (const [k, v] of entries) out.push(...leaves(v, [...path, k]));
  return out;
}

function setAt(o: Obj, path: (string | number)[], value: unknown): Obj {
  const copy = structuredClone(o);
  let target = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) target = target[p] as Record<string | number, unknown>;
  target[path[path.length - 1]] = value;
  return copy;
}

const POD = KINDS[1].base;
const DEPLOY = KINDS[9].base;
/** Values of the right type that upstream's validation refuses, per kind: [what, path, value]. */
const INVALID: Record<string, [string, (string | number)[], unknown][]> = {
  Pod: [
    ...['str', '1.5.5', '-1', '10Qi', '', 'lots', '1e', '.'].map((q): [string, (string | number)[], unknown] => [`cpu ${JSON.stringify(q)}`, ['spec', 'containers', 0, 'resources', 'requests', 'cpu'], q]),
    ['memory limit "x"', ['spec', 'containers', 0, 'resources', 'limits', 'memory'], 'x'],
    ['a request above its limit', ['spec', 'containers', 0, 'resources', 'requests', 'cpu'], '2'],
    ['an unknown resource name', ['spec', 'containers', 0, 'resources', 'requests'], { foo: '1' }],
    ['container port 0', ['spec', 'containers', 0, 'ports', 0, 'containerPort'], 0],
    ['a probe on port name Bad_Name', ['spec', 'containers', 0, 'readinessProbe'], { tcpSocket: { port: 'Bad_Name' } }],
    ['a probe on port 70000', ['spec', 'containers', 0, 'livenessProbe'], { httpGet: { port: 70000, path: '/' } }],
    ['a nodeSelector value "-1"', ['spec', 'nodeSelector'], { zone: '-1' }],
    ['an affinity selector operator Foo', ['spec', 'affinity'], { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone', labelSelector: { matchExpressions: [{ key: 'a', operator: 'Foo' }] } }] } }],
    ['a topology spread selector value "-1"', ['spec', 'topologySpreadConstraints'], [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { a: '-1' } } }]],
    ['a node affinity operator Gt with two values', ['spec', 'affinity'], { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'n', operator: 'Gt', values: ['1', '2'] }] }] } } }],
    ['an emptyDir sizeLimit "big"', ['spec', 'volumes'], [{ name: 'v', emptyDir: { sizeLimit: 'big' } }]],
    ['a label value "-1"', ['metadata', 'labels'], { a: '-1' }],
    ['a label key "a/b/c"', ['metadata', 'labels'], { 'a/b/c': 'x' }],
  ],
  Deployment: [
    ...['str', ' ', '1e3', '150', -1].map((v): [string, (string | number)[], unknown] => [`maxSurge ${JSON.stringify(v)}`, ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], v]),
    ['maxUnavailable "150%"', ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], '150%'],
    ['maxSurge and maxUnavailable both 0', ['spec', 'strategy', 'rollingUpdate'], { maxSurge: 0, maxUnavailable: '0%' }],
    ['strategy type Foo', ['spec', 'strategy'], { type: 'Foo' }],
    ['Recreate with rollingUpdate', ['spec', 'strategy'], { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }],
    ['a selector operator Foo', ['spec', 'selector'], { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'Foo' }] }],
    ['a selector value "-1"', ['spec', 'selector'], { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['-1'] }] }],
    ['In without values', ['spec', 'selector'], { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'In' }] }],
    ['template cpu "lots"', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'], 'lots'],
    ['template label value "-x"', ['spec', 'template', 'metadata', 'labels'], { app: 'x', b: '-x' }],
    ['negative replicas', ['spec', 'replicas'], -1],
    ['a progress deadline under minReadySeconds', ['spec'], { ...(DEPLOY.spec as Obj), minReadySeconds: 10, progressDeadlineSeconds: 5 }],
  ],
  ReplicaSet: [
    ['a selector value "-1"', ['spec', 'selector'], { matchLabels: { app: '-1' } }],
    ['template memory "1.5.5"', ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'], '1.5.5'],
  ],
  PodDisruptionBudget: [
    ['minAvailable "str"', ['spec', 'minAvailable'], 'str'],
    ['minAvailable -1', ['spec', 'minAvailable'], -1],
    ['both minAvailable and maxUnavailable', ['spec', 'maxUnavailable'], 1],
    ['a selector value "-1"', ['spec', 'selector'], { matchExpressions: [{ key: 'app', operator: 'In', values: ['-1'] }] }],
    ['a selector key "-a"', ['spec', 'selector'], { matchLabels: { '-a': 'x' } }],
    ['minAvailable "200%"', ['spec', 'minAvailable'], '200%'],
  ],
  Service: [
    ['targetPort 0', ['spec', 'ports', 0, 'targetPort'], 0],
    ['targetPort 70000', ['spec', 'ports', 0, 'targetPort'], 70000],
    ['targetPort "Bad_Name"', ['spec', 'ports', 0, 'targetPort'], 'Bad_Name'],
    ['a selector value "-1"', ['spec', 'selector'], { app: '-1' }],
  ],
  Secret: [
    ['data that is not base64', ['data'], { k: 'not base64!' }],
    ['data with bad padding', ['data'], { k: 'a===' }],
  ],
  ConfigMap: [['binaryData that is not base64', ['binaryData'], { b: '%%%' }]],
  Node: [['capacity cpu "str"', ['status', 'capacity', 'cpu'], 'str']],
};

/** Issue 19's fuzzer as a table: every served kind, every leaf, values of the wrong type or out of range. */
describe('hostile field values', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  let seq = 0;

  beforeAll(async () => {
    c = await startCluster();
    api = apiClient(c.runner.kubeconfig);
    expect((await api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: NS } }))).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  const send = (method: string, path: string, body: string, type = 'application/json') =>
    api.request(method, path, body, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  const refused = (res: HttpResult, what: string) => {
    if (res.status < 400 || res.status >= 500) throw new Error(`${what}: expected a 4xx, got ${res.status}: ${res.body.slice(0, 400)}`);
    expect(res.json()).toMatchObject({ kind: 'Status', code: res.status });
  };
  const named = (base: Obj, name: string): Obj => ({ ...base, metadata: { ...((base.metadata as Obj | undefined) ?? {}), name } });

  it.each(KINDS)('refuses $kind objects with a wrong-typed value in any field, and stores none', async ({ kind, collection, base }) => {
    let cases = 0;
    for (const path of leaves(base)) {
      const current = path.reduce<unknown>((o, p) => (o as Record<string | number, unknown>)[p], base);
      for (const value of wrongValues(current)) {
        const name = `${kind.toLowerCase()}-t${seq++}`;
        const res = await send('POST', collection, encode(setAt(named(base, name), path, value)));
        refused(res, `${kind} ${path.join('.')} = ${encode(value)}`);
        expect((await api.request('GET', `${collection}/${name}`)).status).toBe(404);
        cases++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(2);
  });

  const invalidCases = Object.entries(INVALID).flatMap(([kind, list]) => list.map(([what, path, value]) => ({ kind, what, path, value })));

  it.each(invalidCases)('refuses a $kind with $what with 422 at create, update and every patch type, changing nothing', async ({ kind, what, path, value }) => {
    const { collection, base } = KINDS.find((k) => k.kind === kind) as (typeof KINDS)[number];
    const name = `${kind.toLowerCase()}-i${seq++}`;
    const bad = setAt(named(base, name), path, value);
    const created = await send('POST', collection, encode(bad));
    expect(created.status).toBe(422);
    expect(created.json()).toMatchObject({ reason: 'Invalid', details: { causes: expect.arrayContaining([expect.objectContaining({ field: expect.any(String) })]) } });
    expect((await api.request('GET', `${collection}/${name}`)).status).toBe(404);

    const stored = await send('POST', collection, encode(named(base, name)));
    expect(stored.status).toBe(201);
    const before = stored.json<{ metadata: { resourceVersion: string } }>();
    const { apiVersion: _v, kind: _k, metadata, status: _s, ...rest } = bad;
    const changed = { metadata: { labels: (metadata as Obj).labels }, ...rest, ...(kind === 'Node' ? { status: bad.status } : {}) };
    const item = `${collection}/${name}`;
    const attempts: [string, string, string][] = [
      ['PUT', encode({ ...bad, metadata: { ...(bad.metadata as Obj), resourceVersion: before.metadata.resourceVersion } }), 'application/json'],
      ['PATCH', encode(changed), 'application/merge-patch+json'],
      ['PATCH', encode(changed), 'application/strategic-merge-patch+json'],
      ['PATCH', encode(Object.entries(changed).map(([k, v]) => ({ op: 'add', path: `/${k}`, value: v }))), 'application/json-patch+json'],
      ['PATCH', encode({ apiVersion: stored.json<{ apiVersion: string }>().apiVersion, kind, ...bad }), 'application/apply-patch+yaml'],
    ];
    // Server-side apply through nodes/status is not where capacity is applied (kubelets update it).
    for (const [method, body, type] of kind === 'Node' ? attempts.slice(0, 4) : attempts) {
      // A Node's capacity is status: written through the status subresource.
      const target = kind === 'Node' ? `${item}/status` : item;
      const query = type === 'application/apply-patch+yaml' ? '?fieldManager=fuzz&force=true' : '';
      const res = await send(method, `${target}${query}`, body, type);
      refused(res, `${kind} ${what} by ${method} ${type}`);
      if (kind !== 'Node') expect(res.status).toBe(422);
    }
    // Controllers may write status and annotations meanwhile (PodScheduled, a Deployment's revision):
    // everything the request tried to change must be as stored.
    const desired = (o: Obj): Obj => {
      const { status, metadata, ...others } = o;
      return { ...others, labels: (metadata as Obj).labels, ...(kind === 'Node' ? { status } : {}) };
    };
    expect(desired((await api.request('GET', item)).json<Obj>())).toEqual(desired(stored.json<Obj>()));
  });

  it('names the field and keeps upstream\'s message for a quantity that does not parse', async () => {
    const res = await send('POST', `/api/v1/namespaces/${NS}/pods`, encode(setAt(named(POD, 'q'), ['spec', 'containers', 0, 'resources', 'requests', 'cpu'], 'str')));
    expect(res.json()).toMatchObject({
      code: 422,
      details: {
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.containers[0].resources.requests[cpu]',
            message: `Invalid value: "str": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
          },
        ],
      },
    });
  });

  it('answers a Deployment whose maxSurge is not a percentage with upstream\'s message', async () => {
    const res = await send('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, encode(setAt(named(DEPLOY, 'surge'), ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], 'str')));
    expect(res.json<{ message: string }>().message).toBe(
      `Deployment.apps "surge" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: "str": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    );
  });
});
