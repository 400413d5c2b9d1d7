import { AlreadyExistsError, ApiError, InvalidError } from '../../shared/api/errors';
import { clearAdmissionCache } from '../../shared/admission/cache';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { findResource } from '../../shared/registry/catalog';
import { RestContext, WriteOptions, WriteResult } from '../../shared/registry/context';
import { createObject } from '../../shared/registry/create';
import { createObjects, createsPerTransaction } from '../../shared/registry/create-many';
import { KubeObject, ResourceDef } from '../../shared/registry/resource';
import { ObjectStore } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

const PODS = findResource('', 'v1', 'pods') as ResourceDef;
const NAMESPACES = findResource('', 'v1', 'namespaces') as ResourceDef;
const QUOTAS = findResource('', 'v1', 'resourcequotas') as ResourceDef;
const WRITE: WriteOptions = { dryRun: false, fieldValidation: 'Strict', fieldManager: 'test' };

// Pods in a namespace without quotas carry one check (the quota marker), the same item for all.
const PODS_PER_TRANSACTION = createsPerTransaction(1);

const pod = (name: string, container: Record<string, unknown> = { name: 'c', image: 'nginx' }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [container] },
});
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

type Settled = PromiseSettledResult<WriteResult>;
const fulfilled = (r: Settled): WriteResult => {
  if (r.status !== 'fulfilled') throw new Error(`expected fulfilled, got ${String((r as PromiseRejectedResult).reason)}`);
  return r.value;
};
const rejected = (r: Settled): ApiError => {
  if (r.status !== 'rejected') throw new Error(`expected rejected, got ${String(r.value.object.metadata.name)} created`);
  return r.reason as ApiError;
};
/** What a caller sees of an answer: created (with the name) or the error's class, code, reason and message. */
const outcome = async (p: Promise<WriteResult>) =>
  p.then(
    ({ object }) => ({ created: String(object.metadata.name) }),
    (e: ApiError) => ({ error: e.constructor.name, code: e.code, reason: e.reason, message: e.message }),
  );
const settledOutcome = (r: Settled) => outcome(r.status === 'fulfilled' ? Promise.resolve(r.value) : Promise.reject(r.reason));

describe('createObjects: several creates of one resource in one namespace', () => {
  let ctx: RestContext;
  let transactions: number;

  beforeEach(async () => {
    const { client, table } = await freshTable();
    transactions = 0;
    client.middlewareStack.add((next, context) => (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') transactions++;
      return next(args);
    });
    ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(ctx);
    clearAdmissionCache();
  });

  const createMany = (namespace: string, raws: unknown[], opts: WriteOptions = WRITE) => createObjects(ctx, PODS, namespace, raws, opts);
  const stored = async (namespace: string, name: string) => (await ctx.store.get('pods', namespace, name)) as KubeObject | undefined;
  const namespace = async (name: string) => (await createObject(ctx, NAMESPACES, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, WRITE)).object;

  it('creates 40 pods in ceil(40 / pods per transaction) transactions, each stored at its own revision', async () => {
    const want = names('p', 40);
    transactions = 0;
    const results = await createMany('default', want.map((n) => pod(n)));

    expect(transactions).toBe(Math.ceil(want.length / PODS_PER_TRANSACTION));
    expect(transactions).toBeLessThan(want.length);
    const created = results.map(fulfilled);
    for (const [i, { object, created: isNew }] of created.entries()) {
      expect(isNew).toBe(true);
      expect(object.metadata.name).toBe(want[i]);
      expect(await stored('default', want[i])).toEqual(object);
    }
    const revs = created.map(({ object }) => Number(object.metadata.resourceVersion));
    expect(revs.every((r) => Number.isInteger(r) && r > 0)).toBe(true);
    expect(new Set(revs).size).toBe(want.length);
    // Within a transaction the revisions rise in input order.
    for (let k = 0; k < want.length; k += PODS_PER_TRANSACTION) {
      const chunk = revs.slice(k, k + PODS_PER_TRANSACTION);
      expect(chunk).toEqual([...chunk].sort((a, b) => a - b));
    }
  });

  it('refuses only the name already taken, with AlreadyExists, and leaves its object as it was', async () => {
    const existing = (await createObject(ctx, PODS, 'default', pod('p-3'), WRITE)).object;
    const want = names('p', 6);
    const results = await createMany('default', want.map((n) => pod(n)));

    const err = rejected(results[3]);
    expect(err).toBeInstanceOf(AlreadyExistsError);
    expect(err.code).toBe(409);
    expect(await stored('default', 'p-3')).toEqual(existing);
    for (const i of [0, 1, 2, 4, 5]) {
      const { object } = fulfilled(results[i]);
      expect(await stored('default', want[i])).toEqual(object);
    }
  });

  it.each([
    ['a container without an image', pod('p-2', { name: 'c' })],
    ['an invalid name', pod('Bad_Name')],
  ])('refuses only %s, with 422 Invalid, and creates the others', async (_, invalid) => {
    const raws = [pod('p-0'), pod('p-1'), invalid, pod('p-3')];
    transactions = 0;
    const results = await createMany('default', raws);

    const err = rejected(results[2]);
    expect(err).toBeInstanceOf(InvalidError);
    expect(err.code).toBe(422);
    expect(await outcome(createObject(ctx, PODS, 'default', invalid, WRITE))).toEqual(await settledOutcome(results[2]));
    for (const i of [0, 1, 3]) expect(await stored('default', `p-${i}`)).toEqual(fulfilled(results[i]).object);
    // The valid three still commit together.
    expect(transactions).toBe(1);
  });

  describe.each([
    ['does not exist', async () => 'nowhere', 404],
    [
      'is terminating',
      async () => {
        const ns = await namespace('ending');
        await ctx.store.update('namespaces', { ...ns, status: { phase: 'Terminating' } }, String(ns.metadata.resourceVersion));
        return 'ending';
      },
      403,
    ],
  ])('in a namespace that %s', (_, setUp, code) => {
    it('refuses every pod as a single create of it is refused, and stores none', async () => {
      const ns = await setUp();
      const want = names('p', 5);
      const results = await createMany(ns, want.map((n) => pod(n)));

      for (const [i, r] of results.entries()) {
        expect(rejected(r).code).toBe(code);
        expect(await settledOutcome(r)).toEqual(await outcome(createObject(ctx, PODS, ns, pod(want[i]), WRITE)));
        expect(await stored(ns, want[i])).toBeUndefined();
      }
    });
  });

  it('admits under a ResourceQuota exactly as single creates do: 3 of 5 pods, the others 403 exceeded quota', async () => {
    const quotaIn = async (ns: string) => {
      await namespace(ns);
      const q = (await createObject(ctx, QUOTAS, ns, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: '3' } } }, WRITE)).object;
      // The quota controller's first count: without it, the plugin refuses with "status unknown".
      await ctx.store.update('resourcequotas', { ...q, status: { hard: { pods: '3' }, used: { pods: '0' } } }, String(q.metadata.resourceVersion));
    };
    await quotaIn('batch');
    await quotaIn('single');
    const want = names('p', 5);

    const batch = await createMany('batch', want.map((n) => pod(n)));
    const singles: Awaited<ReturnType<typeof outcome>>[] = [];
    for (const n of want) singles.push(await outcome(createObject(ctx, PODS, 'single', pod(n), WRITE)));

    // Which pods win the quota in the batch is a race; what each answer is, is not.
    const anonymous = (o: Awaited<ReturnType<typeof outcome>>) => JSON.stringify('created' in o ? 'created' : { ...o, message: o.message.replace(/"p-\d"/, '"p"') });
    const batchOutcomes = await Promise.all(batch.map(settledOutcome));
    expect(batchOutcomes.map(anonymous).sort()).toEqual(singles.map(anonymous).sort());
    expect(batch.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of batch.filter((r) => r.status === 'rejected')) {
      expect(rejected(r).code).toBe(403);
      expect(rejected(r).message).toMatch(/exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3/);
    }
    for (const [i, r] of batch.entries()) {
      expect(await stored('batch', want[i])).toEqual(r.status === 'fulfilled' ? r.value.object : undefined);
    }
    const quota = (await ctx.store.get('resourcequotas', 'batch', 'q')) as KubeObject & { status: { used: Record<string, string> } };
    expect(quota.status.used.pods).toBe('3');
  });

  it('with dryRun answers every pod as created, stores none and writes nothing', async () => {
    const want = names('p', 5);
    transactions = 0;
    const results = await createMany('default', want.map((n) => pod(n)), { ...WRITE, dryRun: true });

    expect(results.map((r) => fulfilled(r).object.metadata.name)).toEqual(want);
    for (const n of want) expect(await stored('default', n)).toBeUndefined();
    expect(transactions).toBe(0);
  });

  it('answers in the order of its input, whichever way each pod was committed or refused', async () => {
    await createObject(ctx, PODS, 'default', pod('taken'), WRITE);
    const want = ['z', 'taken', 'a', 'Bad_Name', 'm', ...names('q', 40).reverse(), 'b'];
    const results = await createMany('default', want.map((n) => pod(n)));

    expect(results).toHaveLength(want.length);
    const answered = results.map((r, i) => (r.status === 'fulfilled' ? r.value.object.metadata.name : `${want[i]}: ${(r.reason as ApiError).reason}`));
    expect(answered).toEqual(want.map((n) => (n === 'taken' ? 'taken: AlreadyExists' : n === 'Bad_Name' ? 'Bad_Name: Invalid' : n)));
  });
});
