import { GroupCommit } from '../../shared/storage/group-commit';
import { NamespaceGuard, ObjectStore, SideWrite, StoredObject } from '../../shared/storage/store';
import { NamespaceGuardFailed, PreconditionFailed, SideWriteFailed } from '../../shared/storage/errors';
import type { BatchExtras, BatchOutcome, BatchWrite } from '../../shared/storage/types';
import { freshTable } from '../support/dynamo';

const write = (name: string, namespace = 'default', resource = 'configmaps'): BatchWrite => ({ resource, type: 'ADDED', obj: { metadata: { name, namespace } }, expect: { kind: 'absent' } });
const names = (writes: BatchWrite[]) => writes.map((w) => String(w.obj.metadata.name));

/** A commit the test answers by hand: each call waits until `answer` settles it. */
function manualCommit() {
  const calls: { writes: BatchWrite[]; extra: BatchExtras; answer: (o: BatchOutcome | Error) => void }[] = [];
  const commit = (writes: BatchWrite[], extra: BatchExtras) =>
    new Promise<BatchOutcome>((resolve, reject) => calls.push({ writes, extra, answer: (o) => (o instanceof Error ? reject(o) : resolve(o)) }));
  const committed = (writes: BatchWrite[]): BatchOutcome => ({ committed: writes.map((w) => w.obj) });
  return { calls, commit, committed };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('sends a write at once, alone, while a transaction is free', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 2);
    const a = group.submit(write('a'), new NamespaceGuard('default'));
    const b = group.submit(write('b'));
    expect(m.calls.map((c) => names(c.writes))).toEqual([['a'], ['b']]);
    expect(m.calls[0].extra.guards?.map((g) => g.namespace)).toEqual(['default']);
    m.calls.forEach((c) => c.answer(m.committed(c.writes)));
    expect(await a).toEqual({ committed: [write('a').obj] });
    expect(await b).toEqual({ committed: [write('b').obj] });
  });

  it('lets writes made while every transaction is busy share the next one, each namespace guard named once', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    const first = group.submit(write('a'));
    const rest = ['b', 'c', 'd'].map((n, i) => group.submit(write(n, i === 2 ? 'other' : 'default'), new NamespaceGuard(i === 2 ? 'other' : 'default')));
    expect(m.calls).toHaveLength(1);
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await first;
    await tick();
    expect(m.calls.map((c) => names(c.writes))).toEqual([['a'], ['b', 'c', 'd']]);
    expect(m.calls[1].extra.guards?.map((g) => g.namespace)).toEqual(['default', 'other']);
    m.calls[1].answer(m.committed(m.calls[1].writes));
    expect((await Promise.all(rest)).map((o) => ('committed' in o ? o.committed[0].metadata.name : o))).toEqual(['b', 'c', 'd']);
  });

  it('never puts two writes of one object in one transaction, and keeps DynamoDB’s 100 items', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    void group.submit(write('busy'));
    const pending = [group.submit(write('a')), group.submit(write('a')), ...Array.from({ length: 40 }, (_, i) => group.submit(write(`n${i}`)))];
    m.calls[0].answer(m.committed(m.calls[0].writes));
    for (let round = 1; round < 3; round++) {
      await tick();
      await tick();
      const call = m.calls[round];
      expect(new Set(names(call.writes)).size).toBe(call.writes.length);
      // Three items a write, the resource's counter and the guards (none here).
      expect(call.writes.length * 3 + 1).toBeLessThanOrEqual(100);
      call.answer(m.committed(call.writes));
    }
    await Promise.all(pending);
    expect(m.calls.slice(1).map((c) => c.writes.length)).toEqual([33, 9]);
    expect(m.calls.slice(1).map((c) => names(c.writes).filter((n) => n === 'a').length)).toEqual([1, 1]);
  });

  it('never puts a namespace’s own write beside a write guarded by it', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    void group.submit(write('busy'));
    const pending = [group.submit({ resource: 'namespaces', type: 'MODIFIED', obj: { metadata: { name: 'team' } }, expect: { kind: 'rev', rev: '1' } }), group.submit(write('a', 'team'), new NamespaceGuard('team')), group.submit(write('b'), new NamespaceGuard('default'))];
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await tick();
    expect(names(m.calls[1].writes)).toEqual(['team', 'b']);
    m.calls[1].answer(m.committed(m.calls[1].writes));
    await tick();
    expect(names(m.calls[2].writes)).toEqual(['a']);
    m.calls[2].answer(m.committed(m.calls[2].writes));
    await Promise.all(pending);
  });

  it('answers the write a joint transaction names and commits the others with the next group', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    void group.submit(write('busy'));
    const [a, b, c] = ['a', 'b', 'c'].map((n) => group.submit(write(n)));
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await tick();
    m.calls[1].answer({ failed: 'write', index: 1 });
    expect(await b).toEqual({ failed: 'write', index: 0 });
    await tick();
    expect(names(m.calls[2].writes)).toEqual(['a', 'c']);
    m.calls[2].answer(m.committed(m.calls[2].writes));
    expect([await a, await c]).toEqual([{ committed: [write('a').obj] }, { committed: [write('c').obj] }]);
  });

  it('fails every write under a namespace guard that failed, and only those', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    void group.submit(write('busy'));
    const inGone = [group.submit(write('a', 'gone'), new NamespaceGuard('gone')), group.submit(write('b', 'gone'), new NamespaceGuard('gone'))];
    const elsewhere = group.submit(write('c'), new NamespaceGuard('default'));
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await tick();
    expect(m.calls[1].extra.guards?.map((g) => g.namespace)).toEqual(['gone', 'default']);
    m.calls[1].answer({ failed: 'guard', index: 0 });
    expect(await Promise.all(inGone)).toEqual([{ failed: 'guard', index: 0 }, { failed: 'guard', index: 0 }]);
    await tick();
    expect(names(m.calls[2].writes)).toEqual(['c']);
    m.calls[2].answer(m.committed(m.calls[2].writes));
    expect(await elsewhere).toEqual({ committed: [write('c').obj] });
  });

  it('names a condition several writes ask for once, and fails those that asked when it fails', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    const marker: SideWrite = { check: { pk: 'q#resourcequotas', sk: 'default' }, condition: { absent: true } };
    const other: SideWrite = { check: { pk: 'x#side', sk: 'a' }, condition: { absent: true } };
    void group.submit(write('busy'));
    const [a, b, c] = [group.submit(write('a'), undefined, [other, marker]), group.submit(write('b'), undefined, [marker]), group.submit(write('c'))];
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await tick();
    expect(m.calls[1].extra.sideWrites).toEqual([other, marker]);
    m.calls[1].answer({ failed: 'side', index: 1 });
    expect([await a, await b]).toEqual([{ failed: 'side', index: 1 }, { failed: 'side', index: 0 }]);
    await tick();
    expect(names(m.calls[2].writes)).toEqual(['c']);
    m.calls[2].answer(m.committed(m.calls[2].writes));
    expect(await c).toEqual({ committed: [write('c').obj] });
  });

  it('commits each write alone when a joint transaction throws, so each gets its own answer', async () => {
    const m = manualCommit();
    const group = new GroupCommit(m.commit, 1);
    void group.submit(write('busy'));
    const [a, b] = ['a', 'b'].map((n) => group.submit(write(n)));
    m.calls[0].answer(m.committed(m.calls[0].writes));
    await tick();
    m.calls[1].answer(new Error('transaction too large'));
    await tick();
    expect(m.calls.slice(2).map((c) => names(c.writes))).toEqual([['a'], ['b']]);
    m.calls[2].answer(new Error('a is too large'));
    m.calls[3].answer(m.committed(m.calls[3].writes));
    await expect(a).rejects.toThrow('a is too large');
    expect(await b).toEqual({ committed: [write('b').obj] });
  });
});

describe('ObjectStore group commit on DynamoDB Local', () => {
  let store: ObjectStore;
  let calls: string[];

  beforeEach(async () => {
    const { client, table } = await freshTable();
    calls = [];
    client.middlewareStack.add((next, context) => (args) => {
      calls.push(String(context.commandName));
      return next(args);
    });
    store = new ObjectStore({ client, table, gapTimeoutMs: 5000, maxCommitsInFlight: 1 });
    await store.create('namespaces', { metadata: { name: 'default' }, status: { phase: 'Active' } });
  });

  const cm = (name: string): StoredObject => ({ metadata: { name, namespace: 'default' }, data: { name } });
  const guard = new NamespaceGuard('default');

  it('commits concurrent creates in fewer transactions than writes, each at a revision of its own', async () => {
    calls.length = 0;
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => store.create('configmaps', cm(`c${i}`), { guard })));
    const revs = created.map((o) => Number(o.metadata.resourceVersion));
    expect(new Set(revs).size).toBe(20);
    expect(calls.filter((c) => c === 'TransactWriteItemsCommand').length).toBeLessThan(20);
    const listed = await store.list('configmaps', 'default');
    expect(listed.items.map((o) => o.metadata.name).sort()).toEqual(created.map((o) => o.metadata.name).sort());
    const changes = await store.changes('configmaps', 0);
    expect(changes.map((c) => Number(c.object.metadata.resourceVersion)).sort((a, b) => a - b)).toEqual([...revs].sort((a, b) => a - b));
  });

  it('groups creates that carry the same condition, and refuses them all when it fails', async () => {
    const marker: SideWrite = { check: { pk: 'q#resourcequotas', sk: 'default' }, condition: { absent: true } };
    calls.length = 0;
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create('configmaps', cm(`m${i}`), { guard, sideWrites: [marker] })));
    expect(calls.filter((c) => c === 'TransactWriteItemsCommand').length).toBeLessThan(10);
    await store.writeSideItem({ put: marker.check as { pk: string; sk: string }, attributes: { v: 'x' } });
    const busy = store.create('configmaps', cm('busy'), { guard });
    const refused = await Promise.allSettled(['r1', 'r2'].map((n) => store.create('configmaps', cm(n), { guard, sideWrites: [marker] })));
    await busy;
    expect(refused.map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(SideWriteFailed), expect.any(SideWriteFailed)]);
    expect(await store.get('configmaps', 'default', 'r1')).toBeUndefined();
  });

  it('gives a stale update sharing a transaction its Conflict and commits the rest', async () => {
    const objs = await Promise.all(['a', 'b', 'c'].map((n) => store.create('configmaps', cm(n), { guard })));
    const moved = await store.update('configmaps', { ...objs[1], data: { moved: 'on' } }, String(objs[1].metadata.resourceVersion), { guard });
    // A write in flight first, so the three below wait and share one transaction.
    const busy = store.create('configmaps', cm('busy'), { guard });
    const results = await Promise.allSettled(objs.map((o) => store.update('configmaps', { ...o, data: { changed: 'yes' } }, String(o.metadata.resourceVersion), { guard })));
    await busy;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailed);
    expect((await store.get('configmaps', 'default', 'b'))?.data).toEqual(moved.data);
    expect((await store.get('configmaps', 'default', 'a'))?.data).toEqual({ changed: 'yes' });
    expect((await store.get('configmaps', 'default', 'c'))?.data).toEqual({ changed: 'yes' });
  });

  it('refuses every write in a namespace being removed and commits those elsewhere', async () => {
    await store.create('namespaces', { metadata: { name: 'gone' }, status: { phase: 'Terminating' } });
    const busy = store.create('configmaps', cm('busy'), { guard });
    const results = await Promise.allSettled([
      store.create('configmaps', { metadata: { name: 'x', namespace: 'gone' } }, { guard: new NamespaceGuard('gone') }),
      store.create('configmaps', cm('y'), { guard }),
    ]);
    await busy;
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(NamespaceGuardFailed);
    expect(results[1].status).toBe('fulfilled');
    expect(await store.get('configmaps', 'gone', 'x')).toBeUndefined();
  });
});
