import { BenchCluster } from '../cluster';
import { measureInterleaved, percentile, round, Summary } from '../stats';

const POLL_MS = 10;

const definition = (i: number) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `gadgets${i}.bench.skiff.dev` },
  spec: {
    group: 'bench.skiff.dev',
    scope: 'Namespaced',
    names: { plural: `gadgets${i}`, kind: `Gadget${i}` },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 1 }, color: { type: 'string', enum: ['red', 'blue'] } } } } } },
      },
    ],
  },
});

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error('CRD not served in time');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * A CRD's time from create to served (its Established condition, then the first custom resource
 * create that succeeds), and custom-resource create/get latency next to a ConfigMap's, interleaved
 * in one run so both see the same machine.
 */
export async function crdSuite(c: BenchCluster, quick: boolean): Promise<{ established: { n: number; p50: number; max: number }; firstCreate: { n: number; p50: number; max: number }; create: { configmap: Summary; custom: Summary }; get: { configmap: Summary; custom: Summary } }> {
  const definitions = quick ? 3 : 10;
  const established: number[] = [];
  const firstCreate: number[] = [];
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'crd-bench' } }));
  for (let i = 0; i < definitions; i++) {
    const started = performance.now();
    const res = await c.api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', JSON.stringify(definition(i)));
    if (res.status !== 201) throw new Error(`CRD create failed: ${res.status} ${res.body}`);
    await until(async () => {
      const crd = (await c.api.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets${i}.bench.skiff.dev`)).json<{ status?: { conditions?: { type: string; status: string }[] } }>();
      return (crd.status?.conditions ?? []).some((x) => x.type === 'Established' && x.status === 'True');
    });
    established.push(performance.now() - started);
    await until(async () => {
      const r = await c.api.request('POST', `/apis/bench.skiff.dev/v1/namespaces/crd-bench/gadgets${i}`, JSON.stringify({ apiVersion: 'bench.skiff.dev/v1', kind: `Gadget${i}`, metadata: { name: 'first' }, spec: { color: 'red' } }));
      return r.status === 201;
    });
    firstCreate.push(performance.now() - started);
  }
  const n = quick ? 50 : 500;
  const body = (i: number) => ({ metadata: { name: `o-${i}` }, spec: { color: 'blue', size: i } });
  const [cmCreate, crCreate] = await measureInterleaved(n, 4, [
    (i) => c.api.request('POST', '/api/v1/namespaces/crd-bench/configmaps', JSON.stringify({ metadata: { name: `o-${i}` }, data: { color: 'blue', size: String(i) } })),
    (i) => c.api.request('POST', '/apis/bench.skiff.dev/v1/namespaces/crd-bench/gadgets0', JSON.stringify({ apiVersion: 'bench.skiff.dev/v1', kind: 'Gadget0', ...body(i) })),
  ]);
  const [cmGet, crGet] = await measureInterleaved(n, 4, [
    (i) => c.api.request('GET', `/api/v1/namespaces/crd-bench/configmaps/o-${i}`),
    (i) => c.api.request('GET', `/apis/bench.skiff.dev/v1/namespaces/crd-bench/gadgets0/o-${i}`),
  ]);
  const stat = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { n: xs.length, p50: round(percentile(sorted, 50)), max: round(sorted[sorted.length - 1]) };
  };
  return { established: stat(established), firstCreate: stat(firstCreate), create: { configmap: cmCreate, custom: crCreate }, get: { configmap: cmGet, custom: crGet } };
}
