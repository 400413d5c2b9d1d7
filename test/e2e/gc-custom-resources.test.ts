import { eventually, startCluster, TestCluster } from '../support/cluster';

/** The garbage collector with custom resources as owners and dependents, through the real kubectl. */
describe('garbage collection of custom resources', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 0 });
    await apply({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    await c.kubectl(['wait', '--for=condition=Established', 'crd/gadgets.example.com', '--timeout=30s']);
  }, 180_000);
  afterAll(async () => {
    await c?.stop();
  });

  const apply = (obj: object) => c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
  const uidOf = async (what: string) => (await c.kubectl(['get', what, '-o', 'jsonpath={.metadata.uid}'])).stdout;
  const exists = async (what: string) => (await c.kubectl(['get', what, '--ignore-not-found', '-o', 'name'])).stdout.trim() !== '';
  const ref = (kind: string, apiVersion: string, name: string, uid: string) => ({ apiVersion, kind, name, uid, blockOwnerDeletion: true });
  const gadget = (name: string, owners: object[] = []) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, ownerReferences: owners }, spec: { size: 1 } });
  const configMap = (name: string, owners: object[] = []) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ownerReferences: owners }, data: { a: 'b' } });

  it('deletes custom and built-in dependents of a custom resource deleted in the background', async () => {
    await apply(gadget('parent'));
    const owner = ref('Gadget', 'example.com/v1', 'parent', await uidOf('gadget/parent'));
    await apply(gadget('child', [owner]));
    await apply(configMap('child-cm', [owner]));
    await c.kubectl(['delete', 'gadget', 'parent']);
    await eventually(async () => !(await exists('gadget/child')) && !(await exists('configmap/child-cm')), 90_000);
  }, 120_000);

  it('deletes a custom resource whose built-in owner goes', async () => {
    await apply(configMap('owner-cm'));
    await apply(gadget('owned', [ref('ConfigMap', 'v1', 'owner-cm', await uidOf('configmap/owner-cm'))]));
    await c.kubectl(['delete', 'configmap', 'owner-cm']);
    await eventually(async () => !(await exists('gadget/owned')), 90_000);
  }, 120_000);

  it('holds a custom resource deleted in the foreground until its dependents are gone', async () => {
    await apply(gadget('fg'));
    const owner = ref('Gadget', 'example.com/v1', 'fg', await uidOf('gadget/fg'));
    await apply(gadget('fg-child', [owner]));
    await apply(gadget('fg-grandchild', [ref('Gadget', 'example.com/v1', 'fg-child', await uidOf('gadget/fg-child'))]));
    // kubectl waits for the owner to go; foreground deletion lets it go only after its dependents.
    await c.kubectl(['delete', 'gadget', 'fg', '--cascade=foreground', '--timeout=60s']);
    expect(await exists('gadget/fg-child')).toBe(false);
    await eventually(async () => !(await exists('gadget/fg-grandchild')), 90_000);
  }, 120_000);

  it('orphans the dependents of a custom resource deleted with --cascade=orphan', async () => {
    await apply(gadget('op'));
    await apply(configMap('op-cm', [ref('Gadget', 'example.com/v1', 'op', await uidOf('gadget/op'))]));
    await c.kubectl(['delete', 'gadget', 'op', '--cascade=orphan']);
    await eventually(async () => (await c.kubectl(['get', 'configmap', 'op-cm', '-o', 'jsonpath={.metadata.ownerReferences}'])).stdout === '', 90_000);
    expect(await exists('configmap/op-cm')).toBe(true);
  }, 120_000);
});
