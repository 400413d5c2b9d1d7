import { bootstrapOnce, BOOTSTRAP_MARKER } from '../../shared/bootstrap/once';
import { ObjectStore } from '../../shared/storage/store';
import { findResource } from '../../shared/registry/catalog';
import { ResourceDef, storageKey } from '../../shared/registry/resource';
import { freshTable } from '../support/dynamo';

describe('bootstrapOnce (the API server Lambda at a cold start)', () => {
  it('bootstraps a new cluster, then only reads its marker until the bootstrap content changes', async () => {
    const { client, table } = await freshTable();
    const store = new ObjectStore({ client, table });
    const ctx = { store, fieldManager: 'kube-apiserver' };
    expect(await bootstrapOnce(ctx)).toBe(true);
    expect(await store.get('namespaces', undefined, 'default')).toBeDefined();
    expect(await store.get(storageKey(findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles') as ResourceDef), undefined, 'cluster-admin')).toBeDefined();
    expect(await store.get('services', 'default', 'kubernetes')).toBeDefined();
    const marker = await store.get('configmaps', BOOTSTRAP_MARKER.namespace, BOOTSTRAP_MARKER.name);
    expect((marker?.data as { digest: string }).digest).toMatch(/^[0-9a-f]{16}$/);
    expect(await bootstrapOnce(ctx)).toBe(false);
    // Another API port is other bootstrap content (the kubernetes Service's targetPort): it runs again.
    expect(await bootstrapOnce(ctx, 6443)).toBe(true);
    expect(await bootstrapOnce(ctx, 6443)).toBe(false);
  }, 120_000);

  it('makes the EFS class the default when the cluster has a file system (AWS), the simulated one otherwise', async () => {
    const { client, table } = await freshTable();
    const store = new ObjectStore({ client, table });
    const classes = storageKey(findResource('storage.k8s.io', 'v1', 'storageclasses') as ResourceDef);
    expect(await bootstrapOnce({ store, fieldManager: 'kube-apiserver' }, 443, { efsFileSystemId: 'fs-0123456789abcdef0' })).toBe(true);
    expect(await store.get(classes, undefined, 'efs')).toMatchObject({
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'efs.csi.aws.com',
      volumeBindingMode: 'Immediate',
      parameters: { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123456789abcdef0', directoryPerms: '700' },
    });
    expect(await store.get(classes, undefined, 'standard')).toBeUndefined();
    const local = await freshTable();
    const localStore = new ObjectStore({ client: local.client, table: local.table });
    await bootstrapOnce({ store: localStore, fieldManager: 'kube-apiserver' });
    expect(await localStore.get(classes, undefined, 'standard')).toMatchObject({ provisioner: 'simulated.skiff.dev' });
    expect(await localStore.get(classes, undefined, 'efs')).toBeUndefined();
  }, 120_000);
});
