import { NamespaceGuard, ObjectStore, SideWrite, StoredObject } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

const cm = (name: string, namespace = 'default'): StoredObject => ({ metadata: { name, namespace }, data: { name } });

describe('ObjectStore.commitBatch', () => {
  let store: ObjectStore;
  let table: string;

  beforeEach(async () => {
    const fresh = await freshTable();
    table = fresh.table;
    store = new ObjectStore({ client: fresh.client, table, gapTimeoutMs: 5000 });
    await store.create('namespaces', { metadata: { name: 'default' }, status: { phase: 'Active' } });
  });

  it('commits every write, each at its own revision of its own resource, in one change log order', async () => {
    const a = await store.create('configmaps', cm('a'));
    const outcome = await store.commitBatch([
      { resource: 'configmaps', type: 'MODIFIED', obj: { ...a, data: { changed: 'yes' } }, expect: { kind: 'rev', rev: String(a.metadata.resourceVersion) } },
      { resource: 'configmaps', type: 'ADDED', obj: cm('b'), expect: { kind: 'absent' } },
      { resource: 'secrets', type: 'ADDED', obj: cm('s'), expect: { kind: 'absent' } },
    ]);
    expect('committed' in outcome).toBe(true);
    const committed = (outcome as { committed: StoredObject[] }).committed;
    const revs = committed.map((o) => Number(o.metadata.resourceVersion));
    expect(revs[1]).toBe(revs[0] + 1);
    expect(revs[0]).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(await store.get('configmaps', 'default', 'a')).toEqual(committed[0]);
    const changes = await store.changes('configmaps', Number(a.metadata.resourceVersion));
    expect(changes.map((c) => [c.type, c.object.metadata.name])).toEqual([['MODIFIED', 'a'], ['ADDED', 'b']]);
    expect((await store.list('secrets', 'default')).items.map((o) => o.metadata.name)).toEqual(['s']);
  });

  it('commits nothing when one write is stale, names it, and leaves no revision for readers to wait on', async () => {
    const a = await store.create('configmaps', cm('a'));
    await store.update('configmaps', { ...a, data: { moved: 'on' } }, String(a.metadata.resourceVersion));
    const outcome = await store.commitBatch([
      { resource: 'configmaps', type: 'ADDED', obj: cm('b'), expect: { kind: 'absent' } },
      { resource: 'configmaps', type: 'MODIFIED', obj: a, expect: { kind: 'rev', rev: String(a.metadata.resourceVersion) } },
    ]);
    expect(outcome).toEqual({ failed: 'write', index: 1 });
    expect(await store.get('configmaps', 'default', 'b')).toBeUndefined();
    // The batch's revisions were declared gaps at once: a list does not wait out the 5 s gap timeout.
    const started = Date.now();
    const page = await store.list('configmaps', 'default');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(page.items.map((o) => o.metadata.name)).toEqual(['a']);
  });

  it('names a failed namespace guard and a failed side write', async () => {
    const guarded = await store.commitBatch([{ resource: 'configmaps', type: 'ADDED', obj: cm('x', 'missing'), expect: { kind: 'absent' } }], {
      guards: [new NamespaceGuard('default'), new NamespaceGuard('missing')],
    });
    expect(guarded).toEqual({ failed: 'guard', index: 1 });
    // Expects an item that is not there.
    const never: SideWrite = { put: { pk: 'a#none', sk: '-' }, attributes: { v: 2 }, condition: { attribute: 'v', equals: 1 } };
    const side = await store.commitBatch([{ resource: 'configmaps', type: 'ADDED', obj: cm('y'), expect: { kind: 'absent' } }], { sideWrites: [never] });
    expect(side).toEqual({ failed: 'side', index: 0 });
    expect((await store.list('configmaps', undefined)).items).toHaveLength(0);
    expect(table).toBeTruthy();
  });
});
