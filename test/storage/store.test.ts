import { ObjectStore, NamespaceGuard, StoredObject } from '../../shared/storage/store';
import { NamespaceGuardFailed, PreconditionFailed } from '../../shared/storage/errors';
import { freshTable } from '../support/dynamo';

const cm = (name: string, data: Record<string, string> = {}): StoredObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data,
});

describe('ObjectStore', () => {
  let store: ObjectStore;

  beforeEach(async () => {
    const { client, table } = await freshTable();
    store = new ObjectStore({ client, table, gapTimeoutMs: 200 });
  });

  it('stamps every write with a new, increasing resourceVersion', async () => {
    const a = await store.create('configmaps', cm('a'));
    const b = await store.update('configmaps', { ...a, data: { x: '1' } }, a.metadata.resourceVersion as string);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(await store.get('configmaps', 'default', 'a')).toEqual(b);
  });

  it('refuses a create of an existing name and an update from a stale resourceVersion', async () => {
    const a = await store.create('configmaps', cm('a'));
    await expect(store.create('configmaps', cm('a'))).rejects.toBeInstanceOf(PreconditionFailed);
    await store.update('configmaps', a, a.metadata.resourceVersion as string);
    await expect(store.update('configmaps', a, a.metadata.resourceVersion as string)).rejects.toBeInstanceOf(PreconditionFailed);
  });

  it('refuses writes into a missing or terminating namespace', async () => {
    await expect(store.create('configmaps', cm('a'), { guard: new NamespaceGuard('default') })).rejects.toBeInstanceOf(NamespaceGuardFailed);
    const ns = await store.create('namespaces', { metadata: { name: 'default' }, status: { phase: 'Active' } });
    await store.create('configmaps', cm('a'), { guard: new NamespaceGuard('default') });
    await store.update('namespaces', { ...ns, status: { phase: 'Terminating' } }, ns.metadata.resourceVersion as string);
    await expect(store.create('configmaps', cm('b'), { guard: new NamespaceGuard('default') })).rejects.toBeInstanceOf(NamespaceGuardFailed);
  });

  it('lists by namespace and across namespaces, paging with a continue key', async () => {
    for (const ns of ['a', 'b']) for (const n of ['x', 'y', 'z']) await store.create('configmaps', { metadata: { name: n, namespace: ns } });
    expect((await store.list('configmaps', 'a')).items.map((o) => o.metadata.name)).toEqual(['x', 'y', 'z']);
    const first = await store.list('configmaps', undefined, { limit: 4 });
    expect(first.items).toHaveLength(4);
    const rest = await store.list('configmaps', undefined, { after: first.continueAfter });
    expect([...first.items, ...rest.items].map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'a/x', 'a/y', 'a/z', 'b/x', 'b/y', 'b/z',
    ]);
    expect(rest.continueAfter).toBeUndefined();
  });

  it('declares a revision whose writer died a gap, and the list moves past it', async () => {
    await store.create('configmaps', cm('a'));
    const dead = await store.revisions.allocate('configmaps');
    const page = await store.list('configmaps', 'default');
    expect(page.resourceVersion).toBe(dead);
    const after = await store.create('configmaps', cm('b'));
    expect(Number(after.metadata.resourceVersion)).toBe(dead + 1);
    expect((await store.changes('configmaps', 0)).map((c) => c.type)).toEqual(['ADDED', 'ADDED']);
  });

  it('records every committed change in the log exactly once, in order, under concurrent writers', async () => {
    const created = await store.create('configmaps', cm('hot'));
    const writes = Array.from({ length: 30 }, (_, i) => store.create('configmaps', cm(`c${i}`)));
    const results = await Promise.all(writes);
    const changes = await store.changes('configmaps', 0);
    expect(changes.map((c) => c.rev)).toEqual([...changes.map((c) => c.rev)].sort((x, y) => x - y));
    expect(new Set(changes.map((c) => c.object.metadata.name)).size).toBe(31);
    expect(changes.map((c) => String(c.rev)).sort()).toEqual(
      [created, ...results].map((o) => o.metadata.resourceVersion as string).sort(),
    );
  });

  it('returns a deleted object stamped with the deletion revision', async () => {
    const a = await store.create('configmaps', cm('a'));
    const gone = await store.delete('configmaps', a, a.metadata.resourceVersion as string);
    expect(Number(gone.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(await store.get('configmaps', 'default', 'a')).toBeUndefined();
    const changes = await store.changes('configmaps', 0);
    expect(changes.map((c) => c.type)).toEqual(['ADDED', 'DELETED']);
  });
});

describe('ObjectStore.compact', () => {
  it('drops expired change records so history starts after them', async () => {
    const { client, table } = await freshTable();
    const store = new ObjectStore({ client, table, logRetentionSeconds: 60 });
    for (let i = 0; i < 5; i++) await store.create('configmaps', { metadata: { name: `c${i}`, namespace: 'default' } });
    expect(await store.compact('configmaps', Math.floor(Date.now() / 1000) + 120)).toBe(5);
    await store.create('configmaps', { metadata: { name: 'late', namespace: 'default' } });
    expect((await store.history('configmaps', 0)).map((r) => r.rev)).toEqual([6]);
    expect(await store.oldestRetained('configmaps')).toBe(6);
  });
});
