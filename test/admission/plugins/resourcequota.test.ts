import { ApiError } from '../../../shared/api/errors';
import { clearAdmissionCache } from '../../../shared/admission/cache';
import { bootstrapCluster } from '../../../shared/bootstrap/cluster';
import { findResource } from '../../../shared/registry/catalog';
import { createObject } from '../../../shared/registry/create';
import { ResourceDef } from '../../../shared/registry/resource';
import { ObjectStore, StoredObject, WriteExtras } from '../../../shared/storage/store';
import { freshTable } from '../../support/dynamo';
import { putQuotaMarker } from '../../../shared/admission/quota/marker';
import { markQuotaNamespaces } from '../../../shared/bootstrap/cluster';

const PODS = findResource('', 'v1', 'pods') as ResourceDef;
const QUOTAS = findResource('', 'v1', 'resourcequotas') as ResourceDef;
const WRITE = { dryRun: false, fieldValidation: 'Strict' as const };
const pod = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

/** A store that lets a test act between the quota plugin's read and the create's commit. */
class InterposingStore extends ObjectStore {
  before?: () => Promise<void>;
  override async create(resource: string, obj: StoredObject, extra: WriteExtras = {}): Promise<StoredObject> {
    const once = this.before;
    this.before = undefined;
    if (once && (extra.companions?.length || extra.sideWrites?.length)) await once();
    return super.create(resource, obj, extra);
  }
}

describe('ResourceQuota admission', () => {
  let store: InterposingStore;
  const create = (name: string, ns: string) => createObject({ store }, PODS, ns, pod(name), WRITE);
  const quota = async (ns: string) => (await store.get('resourcequotas', ns, 'q')) as StoredObject & { status: { used: Record<string, string> } };
  const setUsed = async (ns: string, pods: string) => {
    const q = await quota(ns);
    await store.update('resourcequotas', { ...q, status: { hard: { pods: '2' }, used: { pods } } }, String(q.metadata.resourceVersion));
  };

  beforeAll(async () => {
    const { client, table } = await freshTable();
    store = new InterposingStore({ client, table, gapTimeoutMs: 200 });
    await bootstrapCluster({ store });
  });

  beforeEach(() => clearAdmissionCache());

  const namespace = async (ns: string) => {
    await store.create('namespaces', { metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    // As the registry's create of a quota does, the quota marks its namespace.
    await store.create(
      'resourcequotas',
      { metadata: { name: 'q', namespace: ns }, spec: { hard: { pods: '2' } }, status: { hard: { pods: '2' }, used: { pods: '0' } } },
      { sideWrites: putQuotaMarker(ns).writes },
    );
  };

  it('raises the quota in the create\'s own transaction', async () => {
    await namespace('one');
    const before = Number((await quota('one')).metadata.resourceVersion);
    const created = await create('p1', 'one');
    const q = await quota('one');
    expect(q.status.used.pods).toBe('1');
    // Both writes are in the change logs: the quota's one change after its creation, and the pod.
    expect((await store.changes('resourcequotas', before)).map((c) => c.object.status)).toEqual([{ hard: { pods: '2' }, used: { pods: '1' } }]);
    expect(await store.get('pods', 'one', 'p1')).toEqual(created.object);
  });

  it('admits a create again when the quota changed under it, and refuses it on the new usage', async () => {
    await namespace('race');
    await create('p1', 'race');
    // Another create raises the quota between this one's admission (used 1) and its commit.
    store.before = () => setUsed('race', '2');
    const err = await create('p2', 'race').catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(403);
    expect((err as ApiError).message).toBe('pods "p2" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    expect(await store.get('pods', 'race', 'p2')).toBeUndefined();
    expect((await quota('race')).status.used.pods).toBe('2');
  });

  it('a refused create writes neither the object nor the quota', async () => {
    await namespace('full');
    await setUsed('full', '2');
    const rv = (await quota('full')).metadata.resourceVersion;
    await expect(create('p3', 'full')).rejects.toMatchObject({ code: 403 });
    expect(await store.get('pods', 'full', 'p3')).toBeUndefined();
    expect((await quota('full')).metadata.resourceVersion).toBe(rv);
  });

  it('reads no quotas where none was ever created, and reads them once one appears before the commit', async () => {
    await store.create('namespaces', { metadata: { name: 'late' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const current = jest.spyOn(store, 'current');
    await create('p1', 'late');
    expect(current.mock.calls.filter(([resource]) => resource === 'resourcequotas')).toHaveLength(0);
    // A quota is created through the registry between this create's admission and its commit:
    // the create finds the namespace marked, is admitted again, and meets the quota (no status yet).
    store.before = async () => void (await createObject({ store }, QUOTAS, 'late', { metadata: { name: 'q' }, spec: { hard: { pods: '5' } } }, WRITE));
    const err = await create('p2', 'late').catch((e: ApiError) => e);
    expect((err as ApiError).code).toBe(403);
    expect((err as ApiError).message).toBe('pods "p2" is forbidden: status unknown for quota: q, resource: pods');
    expect(await store.get('pods', 'late', 'p2')).toBeUndefined();
    // Two reads: the quota's own create (it may count quotas) and p2's second admission.
    expect(current.mock.calls.filter(([resource]) => resource === 'resourcequotas')).toHaveLength(2);
    current.mockRestore();
  });

  it('enforces quotas stored before quota markers once the bootstrap has marked their namespaces', async () => {
    await store.create('namespaces', { metadata: { name: 'older' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    // A quota written without its marker, as every quota was before markers.
    await store.create('resourcequotas', { metadata: { name: 'q', namespace: 'older' }, spec: { hard: { pods: '0' } }, status: { hard: { pods: '0' }, used: { pods: '0' } } });
    await markQuotaNamespaces({ store });
    await expect(create('p1', 'older')).rejects.toMatchObject({ code: 403 });
    expect(await store.get('pods', 'older', 'p1')).toBeUndefined();
  });
});
