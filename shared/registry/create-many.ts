import { NamespaceGuard } from '../storage/store';
import type { SideWrite } from '../storage/side-items';
import type { BatchWrite } from '../storage/types';
import { admitCreate, type AdmittedCreate, commitCreate, decodeForCreate } from './create';
import type { RestContext, WriteOptions, WriteResult } from './context';
import { type KubeObject, type ResourceDef, storageKey } from './resource';

/** DynamoDB's items per transaction. */
const MAX_ITEMS = 100;
/** Items a create may put in a transaction: the object, its change record and its tombstone check. */
const ITEMS_PER_CREATE = 3;
/** The resource's counter (a revision taken inside the commit) and the namespace guard. */
const FIXED_ITEMS = 2;

/** How many creates one transaction holds beside `checks` check items. */
export const createsPerTransaction = (checks: number): number => Math.floor((MAX_ITEMS - FIXED_ITEMS - checks) / ITEMS_PER_CREATE);

interface Pending {
  index: number;
  object: KubeObject;
  warnings: string[];
  admitted: AdmittedCreate;
}

/**
 * Creates several objects of one resource in one namespace, as a controller creating a batch of
 * pods does: each is decoded, defaulted, admitted and validated exactly as a single create is, and
 * those whose commit needs nothing of its own (no allocation, no companion write such as a
 * ResourceQuota's raised usage) commit together, in as few transactions as DynamoDB's 100 items
 * allow, each transaction all or nothing. The checks their admission asks for (the quota plugin's
 * "this namespace never had a quota") are the same item for all of them and go in once. When a
 * joint commit does not happen (a name taken, the namespace terminating, a check failed) its
 * objects are committed one by one, from the admission they had, so each gets the answer a single
 * create would. Answers come in the order of `raws`, as settled promises.
 */
export async function createObjects(
  ctx: RestContext,
  def: ResourceDef,
  namespace: string | undefined,
  raws: readonly unknown[],
  opts: WriteOptions,
): Promise<PromiseSettledResult<WriteResult>[]> {
  const results: PromiseSettledResult<WriteResult>[] = new Array(raws.length);
  const admitted = await Promise.allSettled(
    raws.map(async (raw, index): Promise<Pending> => {
      const { object, warnings } = decodeForCreate(def, namespace, raw, opts);
      return { index, object, warnings, admitted: await admitCreate(ctx, def, object, opts, 1) };
    }),
  );
  const joint: Pending[] = [];
  const alone: Pending[] = [];
  admitted.forEach((a, i) => {
    if (a.status === 'rejected') results[i] = a;
    else (opts.dryRun || a.value.admitted.side || a.value.admitted.attrs.companions?.length ? alone : joint).push(a.value);
  });
  const single = (p: Pending) => settle(results, p.index, commitCreate(ctx, def, p.object, p.warnings, opts, p.admitted));
  const checks = uniqueChecks(joint);
  const perTransaction = createsPerTransaction(checks.length);
  const chunks = Array.from({ length: Math.ceil(joint.length / perTransaction) }, (_, k) => joint.slice(k * perTransaction, (k + 1) * perTransaction));
  await Promise.all([
    ...alone.map(single),
    ...chunks.map(async (chunk) => {
      if (chunk.length === 1 || !(await commitTogether(ctx, def, chunk, checks, results))) await Promise.all(chunk.map(single));
    }),
  ]);
  return results;
}

/** One transaction of the chunk's creates; false when it did not commit (nothing of it was written). */
async function commitTogether(ctx: RestContext, def: ResourceDef, chunk: Pending[], checks: SideWrite[], results: PromiseSettledResult<WriteResult>[]): Promise<boolean> {
  const writes: BatchWrite[] = chunk.map((p) => ({ resource: storageKey(def), type: 'ADDED', obj: p.admitted.candidate, expect: { kind: 'absent' } }));
  const namespace = chunk[0].admitted.candidate.metadata.namespace;
  const guards = def.namespaced ? [new NamespaceGuard(String(namespace))] : [];
  try {
    const outcome = await ctx.store.commitBatch(writes, { guards, sideWrites: checks });
    if (!('committed' in outcome)) return false;
    outcome.committed.forEach((stored, k) => {
      const p = chunk[k];
      results[p.index] = { status: 'fulfilled', value: { object: stored as KubeObject, warnings: [...p.warnings, ...p.admitted.warnings], created: true } };
    });
    return true;
  } catch {
    // Whatever refused the joint commit (a body too large, a busy store) answers each create alone.
    return false;
  }
}

/** The checks the creates' admission asked for, each item once (a transaction may name an item only once). */
function uniqueChecks(pending: Pending[]): SideWrite[] {
  const byKey = new Map<string, SideWrite>();
  for (const p of pending) for (const c of p.admitted.attrs.checks ?? []) byKey.set(JSON.stringify(c.write), c.write);
  return [...byKey.values()];
}

async function settle(results: PromiseSettledResult<WriteResult>[], index: number, write: Promise<WriteResult>): Promise<void> {
  try {
    results[index] = { status: 'fulfilled', value: await write };
  } catch (reason) {
    results[index] = { status: 'rejected', reason };
  }
}
