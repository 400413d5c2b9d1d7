import { ObjectStore, StoredObject } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

const cm = (name: string): StoredObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: {} });

describe('ObjectStore with concurrent writers sharing counter increments', () => {
  it('commits 40 concurrent creates at 40 distinct revisions, each in the log once, with fewer counter increments than writes', async () => {
    const { client, table } = await freshTable();
    let increments = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateItemCommand' && (args.input as { UpdateExpression?: string }).UpdateExpression?.startsWith('ADD rev')) increments++;
        return next(args);
      },
      { step: 'initialize', name: 'countIncrements' },
    );
    const store = new ObjectStore({ client, table, gapTimeoutMs: 200, commitAhead: false });
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => store.create('configmaps', cm(`c${i}`))));
    const revs = created.map((o) => Number(o.metadata.resourceVersion));
    expect(new Set(revs).size).toBe(40);
    const log = await store.history('configmaps', 0);
    expect(log.filter((r) => r.type === 'ADDED').map((r) => r.rev).sort((a, b) => a - b)).toEqual([...revs].sort((a, b) => a - b));
    // Every revision taken resolved to a committed change or a gap: the list stands above all of them.
    expect((await store.list('configmaps', 'default')).resourceVersion).toBeGreaterThanOrEqual(Math.max(...revs));
    expect(increments).toBeLessThan(40);
  });

  it('takes one increment per write when coalescing is off', async () => {
    const { client, table } = await freshTable();
    let increments = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateItemCommand' && (args.input as { UpdateExpression?: string }).UpdateExpression?.startsWith('ADD rev')) increments++;
        return next(args);
      },
      { step: 'initialize', name: 'countIncrements' },
    );
    const store = new ObjectStore({ client, table, gapTimeoutMs: 200, commitAhead: false, coalesceRevisions: false });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.create('configmaps', cm(`c${i}`))));
    expect(increments).toBe(10);
  });
});
