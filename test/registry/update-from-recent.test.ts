import { ConflictError, NotFoundError } from '../../shared/api/errors';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { findResource } from '../../shared/registry/catalog';
import { RestContext, WriteOptions } from '../../shared/registry/context';
import { KubeObject, ResourceDef } from '../../shared/registry/resource';
import { updateObject } from '../../shared/registry/update';
import { createObject } from '../../shared/registry/create';
import { deleteObject } from '../../shared/registry/delete';
import { ObjectStore } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

const CONFIGMAPS = findResource('', 'v1', 'configmaps') as ResourceDef;
const WRITE: WriteOptions = { dryRun: false, fieldValidation: 'Strict', fieldManager: 'test' };

/**
 * Two API server processes on one table: each starts an update from the object as it last saw it,
 * and must end with the outcome the stored object decides whenever the other wrote in between.
 */
describe('updates and deletes starting from the object a process last saw', () => {
  let a: RestContext;
  let b: RestContext;
  let calls: string[];

  beforeEach(async () => {
    const { client, table } = await freshTable();
    calls = [];
    // Each call with the partition it read, when it named one ("GetItemCommand o#configmaps").
    client.middlewareStack.add((next, context) => (args) => {
      const input = args.input as { Key?: { pk?: { S?: string } } };
      calls.push(`${String(context.commandName)} ${input.Key?.pk?.S ?? ''}`.trim());
      return next(args);
    });
    a = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    b = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(a);
  });

  const create = async (ctx: RestContext, name: string, data: Record<string, string>) =>
    (await createObject(ctx, CONFIGMAPS, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data }, WRITE)).object;
  const update = (ctx: RestContext, name: string, change: (current: KubeObject) => unknown) =>
    updateObject(ctx, CONFIGMAPS, 'default', name, undefined, change, WRITE);
  const remove = (ctx: RestContext, name: string, preconditions?: { uid?: string }) =>
    deleteObject(ctx, CONFIGMAPS, 'default', name, { dryRun: false, preconditions });
  const stored = async (name: string) => (await b.store.get('configmaps', 'default', name)) as KubeObject;

  it('commits an update of what it wrote last without reading it', async () => {
    await create(a, 'cm', { x: '1' });
    calls.length = 0;
    const { object } = await update(a, 'cm', (cur) => ({ ...cur, data: { x: '2' } }));
    expect(object.data).toEqual({ x: '2' });
    expect(calls).toContain('TransactWriteItemsCommand');
    expect(calls).not.toContain('GetItemCommand o#configmaps');
    expect((await stored('cm')).data).toEqual({ x: '2' });
  });

  it('keeps another process’s write made after it last saw the object', async () => {
    await create(a, 'cm', { x: '1' });
    const seen = await stored('cm');
    await update(b, 'cm', () => ({ ...seen, metadata: { ...seen.metadata, resourceVersion: undefined }, data: { x: '1', byB: 'yes' } }));
    const { object } = await update(a, 'cm', (cur) => ({ ...cur, data: { ...(cur.data as object), byA: 'yes' } }));
    expect(object.data).toEqual({ x: '1', byB: 'yes', byA: 'yes' });
    expect((await stored('cm')).data).toEqual({ x: '1', byB: 'yes', byA: 'yes' });
  });

  it('writes a body equal to its stale copy when the stored object differs', async () => {
    const mine = await create(a, 'cm', { x: '1' });
    await update(b, 'cm', (cur) => ({ ...cur, data: { x: 'changed by b' } }));
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: mine.data };
    const { object } = await update(a, 'cm', () => body);
    expect(object.data).toEqual({ x: '1' });
    expect((await stored('cm')).data).toEqual({ x: '1' });
  });

  it('judges a pinned resourceVersion against the stored object, not its copy', async () => {
    const mine = await create(a, 'cm', { x: '1' });
    const byB = (await update(b, 'cm', (cur) => ({ ...cur, data: { x: '2' } }))).object;
    const pinned = (rv: unknown, x: string) => () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', resourceVersion: rv }, data: { x } });
    await expect(update(a, 'cm', pinned(mine.metadata.resourceVersion, 'stale'))).rejects.toBeInstanceOf(ConflictError);
    const { object } = await update(a, 'cm', pinned(byB.metadata.resourceVersion, '3'));
    expect(object.data).toEqual({ x: '3' });
  });

  it('answers 404 for an object another process deleted', async () => {
    const mine = await create(a, 'cm', { x: '1' });
    await b.store.delete('configmaps', mine, String(mine.metadata.resourceVersion));
    await expect(update(a, 'cm', (cur) => ({ ...cur, data: { x: '2' } }))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a change the stored object forbids though its stale copy allowed it', async () => {
    // Immutable once set: from a's copy (mutable) the change is allowed, from the stored one not.
    const mine = await create(a, 'cm', { x: '1' });
    await update(b, 'cm', (cur) => ({ ...cur, immutable: true }));
    await expect(update(a, 'cm', () => ({ ...mine, metadata: { ...mine.metadata, resourceVersion: undefined }, data: { x: '2' } }))).rejects.toMatchObject({ code: 422, reason: 'Invalid' });
    expect((await stored('cm')).data).toEqual({ x: '1' });
  });
  it('deletes what it wrote last without reading it', async () => {
    await create(a, 'cm', { x: '1' });
    calls.length = 0;
    const { removed } = await remove(a, 'cm');
    expect(removed).toBe(true);
    expect(calls).toContain('TransactWriteItemsCommand');
    expect(calls).not.toContain('GetItemCommand o#configmaps');
    expect(await b.store.get('configmaps', 'default', 'cm')).toBeUndefined();
  });

  it('keeps an object another process gave a finalizer after it last saw it', async () => {
    await create(a, 'cm', { x: '1' });
    await update(b, 'cm', (cur) => ({ ...cur, metadata: { ...(cur.metadata as object), finalizers: ['example.com/keep'] } }));
    const { object, removed } = await remove(a, 'cm');
    expect(removed).toBe(false);
    expect(object.metadata.deletionTimestamp).toBeDefined();
    expect((await stored('cm')).metadata.finalizers).toEqual(['example.com/keep']);
  });

  it('judges a uid precondition against the stored object, not its copy', async () => {
    const mine = await create(a, 'cm', { x: '1' });
    const theirs = await stored('cm');
    await b.store.delete('configmaps', theirs, String(theirs.metadata.resourceVersion));
    await create(b, 'cm', { x: 'recreated' });
    await expect(remove(a, 'cm', { uid: String(mine.metadata.uid) })).rejects.toBeInstanceOf(ConflictError);
    expect((await stored('cm')).data).toEqual({ x: 'recreated' });
  });

  it('answers 404 deleting an object another process deleted', async () => {
    const mine = await create(a, 'cm', { x: '1' });
    await b.store.delete('configmaps', mine, String(mine.metadata.resourceVersion));
    await expect(remove(a, 'cm')).rejects.toBeInstanceOf(NotFoundError);
  });
});
