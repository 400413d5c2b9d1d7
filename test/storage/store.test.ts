import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { ObjectStore, NamespaceGuard, StoredObject } from '../../shared/storage/store';
import { NamespaceGuardFailed, PreconditionFailed } from '../../shared/storage/errors';
import { freshTable } from '../support/dynamo';
import { historyErrors } from '../support/history';
import { dynamoClient } from '../../shared/storage/client';

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

  it('reads several objects in batches of 100, in the order asked, undefined for each one not stored', async () => {
    const names = Array.from({ length: 130 }, (_, i) => `m-${i}`);
    const created = await Promise.all(names.map((name, i) => store.create('configmaps', cm(name, { i: String(i) }))));
    const asked = ['absent', ...names.slice().reverse(), 'm-7'];
    const read = await store.getMany('configmaps', 'default', asked);
    expect(read).toEqual([undefined, ...created.slice().reverse(), created[7]]);
    expect(await store.getMany('configmaps', 'default', [])).toEqual([]);
  });

  it('asks again for the keys a batch read leaves unprocessed', async () => {
    const a = await store.create('configmaps', cm('a'));
    const b = await store.create('configmaps', cm('b'));
    const client = (store as unknown as { client: { send: (c: unknown) => Promise<unknown> } }).client;
    const send = client.send.bind(client);
    let first = true;
    const spy = jest.spyOn(client, 'send').mockImplementation((async (command: { input?: { RequestItems?: Record<string, { Keys: unknown[] }> } }) => {
      const items = command.input?.RequestItems;
      if (!items || !first) return send(command);
      // DynamoDB under load: the first call answers one key and leaves the other unprocessed.
      first = false;
      const [table] = Object.keys(items);
      const [answered, left] = items[table].Keys;
      const out = (await send(new BatchGetItemCommand({ RequestItems: { [table]: { ...items[table], Keys: [answered] } } } as never))) as Record<string, unknown>;
      return { ...out, UnprocessedKeys: { [table]: { ...items[table], Keys: [left] } } };
    }) as never);
    try {
      expect(await store.getMany('configmaps', 'default', ['a', 'b'])).toEqual([a, b]);
      expect(spy.mock.calls.filter(([c]) => (c as { input?: { RequestItems?: unknown } }).input?.RequestItems)).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
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

  it('gives a watcher the run of committed revisions after its position without resolving, and resolves at a hole', async () => {
    const resolve = jest.spyOn(store.revisions, 'resolve');
    const a = Number((await store.create('configmaps', cm('a'))).metadata.resourceVersion);
    const first = await store.since('configmaps', a - 1, 100);
    expect(first).toMatchObject({ upTo: a, records: [{ rev: a, type: 'ADDED' }] });
    // A writer in flight (a revision taken, not committed) and a write committed after it: the
    // watcher stops before the hole, then resolves it (a gap after the timeout) to go on.
    const hole = await store.revisions.allocate('configmaps');
    const b = Number((await store.create('configmaps', cm('b'))).metadata.resourceVersion);
    expect(b).toBe(hole + 1);
    expect(await store.since('configmaps', a - 1, 100)).toMatchObject({ upTo: a, records: [{ rev: a }] });
    expect(resolve).not.toHaveBeenCalled();
    const next = await store.since('configmaps', a, 100);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(next).toMatchObject({ upTo: b, records: [{ rev: hole, type: 'GAP' }, { rev: b, type: 'ADDED' }] });
    expect(await store.since('configmaps', b, 100)).toEqual({ upTo: b, records: [] });
    resolve.mockRestore();
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

describe('ObjectStore per-key order', () => {
  const keyEvents = (changes: Awaited<ReturnType<ObjectStore['changes']>>) =>
    changes.map((c) => ({ type: c.type, key: `${c.object.metadata.namespace}/${c.object.metadata.name}`, uid: String(c.object.metadata.uid), rv: c.rev }));

  it('commits a create that took its revision before a concurrent delete committed above that delete', async () => {
    const { client, table, endpoint } = await freshTable();
    // Two API server instances on one table; the first one's transactions wait at a gate.
    const slowClient = dynamoClient(endpoint);
    let reachedGate: () => void = () => undefined;
    const atGate = new Promise<void>((r) => (reachedGate = r));
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((r) => (openGate = r));
    let held = false;
    slowClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !held) {
          held = true;
          reachedGate();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name: 'testGate' },
    );
    const fast = new ObjectStore({ client, table, gapTimeoutMs: 5000 });
    const slow = new ObjectStore({ client: slowClient, table, gapTimeoutMs: 5000 });
    const first = await fast.create('configmaps', { ...cm('k'), metadata: { ...cm('k').metadata, uid: 'u1' } });
    const recreate = slow.create('configmaps', { ...cm('k'), metadata: { ...cm('k').metadata, uid: 'u2' } });
    await atGate;
    const gone = await fast.delete('configmaps', first, first.metadata.resourceVersion as string);
    openGate();
    const second = await recreate;
    expect(Number(second.metadata.resourceVersion)).toBeGreaterThan(Number(gone.metadata.resourceVersion));
    const changes = await fast.changes('configmaps', 0);
    expect(changes.map((c) => [c.type, c.object.metadata.uid])).toEqual([['ADDED', 'u1'], ['DELETED', 'u1'], ['ADDED', 'u2']]);
    expect(historyErrors(keyEvents(changes))).toEqual([]);
  });

  it('keeps every key\'s history valid under 30 concurrent creators and deleters of the same names', async () => {
    const { client, table, endpoint } = await freshTable();
    // Three processes' worth of stores, so writes race both inside one store and across stores.
    const stores = [client, dynamoClient(endpoint), dynamoClient(endpoint)].map((c) => new ObjectStore({ client: c, table, gapTimeoutMs: 500 }));
    let uid = 0;
    let committed = 0;
    const worker = async (w: number) => {
      const store = stores[w % stores.length];
      for (let i = 0; i < 8; i++) {
        const name = `n${(w + i) % 3}`;
        try {
          if ((w + i) % 2 === 0) {
            await store.create('configmaps', { ...cm(name), metadata: { ...cm(name).metadata, uid: `u${uid++}` } });
            committed++;
          } else {
            const current = await store.get('configmaps', 'default', name);
            if (current) {
              await store.delete('configmaps', current, current.metadata.resourceVersion as string);
              committed++;
            }
          }
        } catch (err) {
          if (!(err instanceof PreconditionFailed)) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, (_, w) => worker(w)));
    const changes = await stores[0].changes('configmaps', 0);
    // Every committed write is in the log exactly once (how many commit depends on the race).
    expect(committed).toBeGreaterThan(6);
    expect(changes.length).toBe(committed);
    expect(historyErrors(keyEvents(changes))).toEqual([]);
  }, 120_000);
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
