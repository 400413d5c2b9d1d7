import { ListCache, listCacheOf } from '../../shared/storage/list-cache';
import { ObjectStore, StoredObject } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

const cm = (name: string, namespace = 'default', data: Record<string, string> = {}): StoredObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

/**
 * A list kept current from the change log must answer exactly what a list answers at the same
 * revision, whatever happened in between: writes, deletes, a writer that died holding a revision,
 * a log compacted past the revision held.
 */
describe('ListCache', () => {
  let store: ObjectStore;
  let calls: string[];

  beforeEach(async () => {
    const { client, table } = await freshTable();
    calls = [];
    client.middlewareStack.add((next, context) => (args) => {
      const input = args.input as { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, { S?: string }>; ProjectionExpression?: string };
      // A query of keys only (the revision's settling) is told apart from one reading records.
      if (input.KeyConditionExpression) calls.push(`${String(context.commandName)} ${input.ExpressionAttributeValues?.[':pk']?.S ?? ''}${input.ProjectionExpression ? ' (keys)' : ''}`);
      return next(args);
    });
    store = new ObjectStore({ client, table, gapTimeoutMs: 200 });
  });

  const asListed = async () => {
    const page = await store.list('configmaps', undefined);
    return { items: page.items, resourceVersion: page.resourceVersion };
  };

  it('answers what a list answers after creates, updates and deletes, reading only the log', async () => {
    const cache = new ListCache(store, 'configmaps');
    const a = await store.create('configmaps', cm('a'));
    await store.create('configmaps', cm('b', 'other'));
    for (const name of ['p1', 'p2', 'p3']) await store.create('configmaps', cm(name, 'pad'));
    expect(await cache.read()).toEqual(await asListed());
    await store.update('configmaps', { ...a, data: { x: '1' } }, String(a.metadata.resourceVersion));
    const c = await store.create('configmaps', cm('c'));
    await store.delete('configmaps', c, String(c.metadata.resourceVersion));
    await store.create('configmaps', cm('0-first'));
    calls.length = 0;
    const read = await cache.read();
    expect(calls.filter((c) => c.includes('o#configmaps'))).toEqual([]);
    expect(read).toEqual(await asListed());
    expect(read.items.map((o) => o.metadata.name)).toEqual(['0-first', 'a', 'b', 'p1', 'p2', 'p3']);
    expect(read.items[1].data).toEqual({ x: '1' });
  });

  it("answers one namespace's objects as a list of that namespace does, ns-a apart from ns-a-b", async () => {
    const cache = new ListCache(store, 'configmaps');
    for (const [name, namespace] of [['x', 'ns-a'], ['y', 'ns-a-b'], ['z', 'ns-a']]) await store.create('configmaps', cm(name, namespace));
    await cache.read();
    await store.create('configmaps', cm('w', 'ns-a'));
    const listed = await store.list('configmaps', 'ns-a');
    expect(await cache.read('ns-a')).toEqual({ items: listed.items, resourceVersion: listed.resourceVersion });
    expect((await cache.read('ns-a-b')).items.map((o) => o.metadata.name)).toEqual(['y']);
  });

  it('keeps one cache per reader and resource in a process', () => {
    const cache = listCacheOf(store, 'scheduler', 'pods');
    expect(listCacheOf(store, 'scheduler', 'pods')).toBe(cache);
    expect(listCacheOf(store, 'garbagecollector', 'pods')).not.toBe(cache);
    expect(listCacheOf(store, 'scheduler', 'nodes')).not.toBe(cache);
  });

  it('moves past a revision whose writer died (a gap), as a list does', async () => {
    const cache = new ListCache(store, 'configmaps');
    await store.create('configmaps', cm('a'));
    await cache.read();
    await store.revisions.allocate('configmaps');
    await store.create('configmaps', cm('b'));
    const read = await cache.read();
    expect(read.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(read).toEqual(await asListed());
  });

  it('lists again when catching up would read more records than the objects it holds', async () => {
    const cache = new ListCache(store, 'configmaps');
    const a = await store.create('configmaps', cm('a'));
    await store.create('configmaps', cm('b'));
    await cache.read();
    let latest = a;
    for (const x of ['1', '2']) latest = await store.update('configmaps', { ...latest, data: { x } }, String(latest.metadata.resourceVersion));
    calls.length = 0;
    const caughtUp = await cache.read();
    expect(calls.filter((c) => c.includes('o#configmaps'))).toHaveLength(0);
    expect(caughtUp).toEqual(await asListed());
    latest = await store.update('configmaps', { ...latest, data: { x: '3' } }, String(latest.metadata.resourceVersion));
    for (const x of ['4', '5']) latest = await store.update('configmaps', { ...latest, data: { x } }, String(latest.metadata.resourceVersion));
    calls.length = 0;
    const read = await cache.read();
    expect(calls.filter((c) => c.includes('o#configmaps'))).toHaveLength(1);
    // The distance between the revisions said so: the log's records were not read first.
    expect(calls).not.toContain('QueryCommand l#configmaps');
    expect(read).toEqual(await asListed());
    expect(read.items[0].data).toEqual({ x: '5' });
  });

  it('lists again when the log no longer holds the revision after the one it reached', async () => {
    const cache = new ListCache(store, 'configmaps');
    const a = await store.create('configmaps', cm('a'));
    await cache.read();
    await store.delete('configmaps', a, String(a.metadata.resourceVersion));
    await store.create('configmaps', cm('b'));
    await store.compact('configmaps', Math.floor(Date.now() / 1000) + 10 * 24 * 3600);
    calls.length = 0;
    const read = await cache.read();
    expect(calls.filter((c) => c.includes('o#configmaps'))).toHaveLength(1);
    expect(read.items.map((o) => o.metadata.name)).toEqual(['b']);
    expect(read).toEqual(await asListed());
  });

  it('gives each reader its own objects: a change to one is not what the next reader reads', async () => {
    const cache = new ListCache(store, 'configmaps');
    await store.create('configmaps', cm('a', 'default', { x: '1' }));
    const [first] = (await cache.read()).items;
    (first.data as Record<string, string>).x = 'changed';
    expect((await cache.read()).items[0].data).toEqual({ x: '1' });
  });
});
