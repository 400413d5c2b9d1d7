import { eventually, startCluster, TestCluster } from '../support/cluster';

const crd = JSON.stringify({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gateways.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'gateways', singular: 'gateway', kind: 'Gateway', listKind: 'GatewayList' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  listeners: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
});

const gateway = (name: string, port: number) =>
  JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Gateway', metadata: { name: 'gw' }, spec: { listeners: [{ name, port }] } });

/** Issue 16: server-side apply of a custom resource merges a map-list by its keys, per manager. */
describe('server-side apply with CRD list types', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 0 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('keeps two managers\' entries of a map-list and reports a conflict as upstream', async () => {
    await c.kubectl(['apply', '--server-side', '-f', '-'], { input: crd });
    await eventually(async () => ((await c.kubectl(['get', 'gateways'], { allowFail: true })).code === 0 ? true : undefined));

    await c.kubectl(['apply', '--server-side', '--field-manager=a', '-f', '-'], { input: gateway('http', 80) });
    await c.kubectl(['apply', '--server-side', '--field-manager=b', '-f', '-'], { input: gateway('https', 443) });

    const listeners = (await c.kubectl(['get', 'gateway', 'gw', '-o', 'jsonpath={.spec.listeners}'])).stdout;
    expect(JSON.parse(listeners)).toEqual([
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ]);
    const managers = (await c.kubectl(['get', 'gateway', 'gw', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).stdout;
    expect(managers.split(' ').sort()).toEqual(['a', 'b']);

    const conflict = await c.kubectl(['apply', '--server-side', '--field-manager=b', '-f', '-'], { input: gateway('http', 8080), allowFail: true });
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "a": .spec.listeners[name="http"].port');

    await c.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=b', '-f', '-'], { input: gateway('http', 8080) });
    const after = (await c.kubectl(['get', 'gateway', 'gw', '-o', 'jsonpath={.spec.listeners}'])).stdout;
    expect(JSON.parse(after)).toEqual([{ name: 'http', port: 8080 }]);
  }, 120_000);
});
