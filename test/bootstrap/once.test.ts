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
});
