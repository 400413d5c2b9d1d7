import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { RequestEntityTooLargeError } from '../api/errors';
import { encodeBody, MAX_STORED_BODY_BYTES } from './codec';
import { StoreBusy } from './errors';
import { Revisions } from './revisions';
import { sideTransactItem } from './side-items';
import { Transaction } from './transaction';
import type { BatchExtras, BatchOutcome, BatchWrite, StoredObject } from './types';
import { changeItem, counterItem, objectItem, tombstoneItem } from './write-items';

const MAX_ATTEMPTS = 8;
/** Attempts that may take their revisions inside the transaction before falling back to the counter. */
const AHEAD_ATTEMPTS = 2;

export interface CommitOptions {
  client: DynamoDBClient;
  table: string;
  revisions: Revisions;
  retentionSeconds: number;
  /** Take revisions inside the commit's transaction when this process is the only writer it knows of. */
  commitAhead: boolean;
  onCommit?: (resource: string, rev: number) => void;
  /** Called for each committed write with its stored body (the process's recent objects). */
  onCommitted?: (write: BatchWrite, stored: StoredObject, body: Uint8Array) => void;
}

/** Where a commit's revisions come from: taken inside its transaction, or taken before it from the counter. */
interface Revs {
  revs: number[];
  /** Per resource, the counter value the transaction moves on from; undefined when the revisions were taken first. */
  ahead?: Map<string, number>;
}

/**
 * Commits writes in one transaction: every one commits, each at a revision of its own resource, or
 * none does (docs/storage.md, "Committing a write"). A failed condition on an object, a guard or a
 * side write is final and named; a lost revision, a stale one or a conflict is retried.
 */
export async function commitWrites(o: CommitOptions, writes: BatchWrite[], extra: BatchExtras): Promise<BatchOutcome> {
  const counts = new Map<string, number>();
  for (const w of writes) counts.set(w.resource, (counts.get(w.resource) ?? 0) + 1);
  const leave = o.revisions.enter(counts);
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { revs, ahead } = await revisionsFor(o, writes, counts, o.commitAhead && attempt < AHEAD_ATTEMPTS);
      // Revisions taken from the counter belong to this writer until committed or declared gaps.
      const gapAll = () => (ahead ? Promise.resolve() : Promise.all(writes.map((w, i) => o.revisions.gap(w.resource, revs[i]))).then(() => undefined));
      const stamped = writes.map((w, i): StoredObject => ({ ...w.obj, metadata: { ...w.obj.metadata, resourceVersion: String(revs[i]) } }));
      const bodies = stamped.map((s) => encodeBody(s));
      const large = bodies.find((b) => b.byteLength > MAX_STORED_BODY_BYTES);
      if (large) {
        await gapAll();
        throw new RequestEntityTooLargeError(`object is too large to store: ${large.byteLength} bytes compressed exceeds the limit of ${MAX_STORED_BODY_BYTES} bytes`);
      }
      // A key's revisions rise in commit order: an update or delete must land above the revision it read.
      if (writes.some((w, i) => w.expect.kind === 'rev' && Number(w.expect.rev) >= revs[i])) {
        await gapAll();
        continue;
      }
      const tx = transaction(o, writes, stamped, bodies, revs, counts, extra, ahead);
      try {
        await o.client.send(new TransactWriteItemsCommand({ TransactItems: tx.items }));
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const failures = tx.failures(err);
        for (const f of failures) if (f.slot.role === 'counter' && f.item?.rev?.N) o.revisions.learn(f.slot.resource, Number(f.item.rev.N));
        await gapAll();
        const final = failures.find((f) => f.slot.role === 'object' || f.slot.role === 'guard' || f.slot.role === 'side');
        if (!final) continue; // the revision was taken, stale or raced for, or another transaction conflicted: again
        if (final.slot.role === 'object') return { failed: 'write', index: final.slot.write };
        if (final.slot.role === 'guard' || final.slot.role === 'side') return { failed: final.slot.role, index: final.slot.index };
      }
      if (ahead) for (const [resource, from] of ahead) o.revisions.learn(resource, from + (counts.get(resource) ?? 0));
      writes.forEach((w, i) => {
        o.onCommitted?.(w, stamped[i], bodies[i]);
        o.onCommit?.(w.resource, revs[i]);
      });
      return { committed: stamped };
    }
    throw new StoreBusy(`too many concurrent writers on ${[...counts.keys()].join(', ')}`);
  } finally {
    leave();
  }
}

async function revisionsFor(o: CommitOptions, writes: BatchWrite[], counts: Map<string, number>, tryAhead: boolean): Promise<Revs> {
  const next = new Map<string, number>();
  const ahead = new Map<string, number>();
  for (const [resource, n] of counts) {
    const from = tryAhead ? o.revisions.aheadOf(resource, n) : undefined;
    if (from === undefined) break;
    ahead.set(resource, from);
    next.set(resource, from + 1);
  }
  const allAhead = ahead.size === counts.size;
  if (!allAhead) {
    next.clear();
    // One counter increment per resource for the whole commit; each write gets its own revision, in order.
    await Promise.all([...counts].map(async ([resource, n]) => next.set(resource, (await o.revisions.allocate(resource, n)) - n + 1)));
  }
  const revs = writes.map((w) => {
    const rev = next.get(w.resource) as number;
    next.set(w.resource, rev + 1);
    return rev;
  });
  return { revs, ahead: allAhead ? ahead : undefined };
}

function transaction(
  o: CommitOptions,
  writes: BatchWrite[],
  stamped: StoredObject[],
  bodies: Uint8Array[],
  revs: number[],
  counts: Map<string, number>,
  extra: BatchExtras,
  ahead: Map<string, number> | undefined,
): Transaction {
  const tx = new Transaction();
  if (ahead) for (const [resource, from] of ahead) tx.add({ role: 'counter', resource }, counterItem(o.table, resource, from, from + (counts.get(resource) ?? 0)));
  writes.forEach((w, i) => {
    tx.add({ role: 'object', write: i }, objectItem(o.table, w.resource, w.type, stamped[i], bodies[i], revs[i], w.expect));
    tx.add({ role: 'change', write: i }, changeItem(o.table, w.resource, w.type, bodies[i], revs[i], o.retentionSeconds));
    // A revision taken inside the transaction is above every deletion's, so a create has no tombstone to check.
    const tombstone = ahead && w.type === 'ADDED' ? undefined : tombstoneItem(o.table, w.resource, w.type, stamped[i], revs[i], o.retentionSeconds);
    if (tombstone) tx.add({ role: 'tombstone', write: i }, tombstone);
  });
  (extra.guards ?? []).forEach((g, index) => tx.add({ role: 'guard', index }, g.check(o.table)));
  (extra.sideWrites ?? []).forEach((s, index) => tx.add({ role: 'side', index }, sideTransactItem(o.table, s)));
  return tx;
}
