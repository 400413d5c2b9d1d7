import type { NamespaceGuard } from './namespace-guard';
import type { SideWrite } from './side-items';
import type { BatchExtras, BatchOutcome, BatchWrite } from './types';

/** DynamoDB's items per transaction. */
const MAX_ITEMS = 100;
/** Items one write may put in a transaction: the object, its change record, a tombstone check. */
const ITEMS_PER_WRITE = 3;

/** What a single write's commit answers: the batch outcome of a batch of one. */
type Commit = (writes: BatchWrite[], extra: BatchExtras) => Promise<BatchOutcome>;

interface Entry {
  write: BatchWrite;
  guard?: NamespaceGuard;
  /** Conditions only (`check` side writes), such as admission's "this namespace never had a quota". */
  checks: SideWrite[];
  resolve: (outcome: BatchOutcome) => void;
  reject: (err: unknown) => void;
}

const checkKey = (c: SideWrite): string => JSON.stringify(c);

/** Side writes a write may share a transaction with: conditions only, which change nothing. */
export const onlyChecks = (writes: readonly SideWrite[]): boolean => writes.every((w) => 'check' in w);

const itemKey = (resource: string, namespace: string | undefined, name: string): string => `${resource}\u0000${namespace ?? ''}\u0000${name}`;
const keyOf = (w: BatchWrite): string => itemKey(w.resource, w.obj.metadata.namespace, String(w.obj.metadata.name));
/** The item a namespace guard checks: the namespace's own object. */
const guardKey = (g: NamespaceGuard): string => itemKey('namespaces', undefined, g.namespace);

/**
 * Group commit for a process's single writes (an object, its namespace guard and conditions on
 * side items, nothing else in its transaction). While fewer than `maxInFlight` transactions are in
 * flight a write goes out at once, alone, so a lone writer waits for nothing; writes made while all
 * are busy wait for the next free one and share its transaction, as many as DynamoDB's 100 items
 * allow, each item named once (never two writes of one object, nor a namespace's write beside a
 * guard on it; each guard and each condition once). A joint transaction commits all of its writes
 * or none: when it does not commit, the writes its outcome names get their answer (a failed
 * precondition; a failed guard or condition fails every write that carried it), and the rest go
 * back to the head of the queue to commit with the next group, so each write ends with the answer
 * it would have had alone. A joint transaction that throws (a body too large to share one) commits
 * each of its writes alone.
 */
export class GroupCommit {
  private readonly queue: Entry[] = [];
  private inFlight = 0;

  constructor(
    private readonly commit: Commit,
    private readonly maxInFlight: number,
  ) {}

  /** Commits one write with its guard and its checks (conditions only: see onlyChecks). */
  submit(write: BatchWrite, guard?: NamespaceGuard, checks: SideWrite[] = []): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, guard, checks, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.nextGroup();
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** The queue's oldest writes that fit one transaction together; the others keep their places. */
  private nextGroup(): Entry[] {
    const group: Entry[] = [];
    const keys = new Set<string>();
    const resources = new Set<string>();
    /** Guarded namespaces' object keys; their count is the guard items. */
    const guards = new Set<string>();
    const checks = new Set<string>();
    const rest: Entry[] = [];
    for (const e of this.queue) {
      const key = keyOf(e.write);
      const newChecks = e.checks.map(checkKey).filter((k) => !checks.has(k));
      const items =
        (group.length + 1) * ITEMS_PER_WRITE + resources.size + (resources.has(e.write.resource) ? 0 : 1) + guards.size + (e.guard && !guards.has(guardKey(e.guard)) ? 1 : 0) + checks.size + newChecks.length;
      // A transaction names an item once: never two writes of one object, nor two conditions on one side item.
      const clash = newChecks.some((k) => [...checks].some((c) => sameItem(c, k))) || guards.has(key) || (e.guard !== undefined && keys.has(guardKey(e.guard)));
      if (keys.has(key) || items > MAX_ITEMS || clash) {
        rest.push(e);
        continue;
      }
      group.push(e);
      keys.add(key);
      resources.add(e.write.resource);
      if (e.guard) guards.add(guardKey(e.guard));
      for (const k of newChecks) checks.add(k);
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return group;
  }

  private async run(group: Entry[]): Promise<void> {
    if (group.length === 1) return this.alone(group[0]);
    const guards = new Map<string, NamespaceGuard>();
    for (const e of group) if (e.guard) guards.set(e.guard.namespace, e.guard);
    const named = [...guards.values()];
    const checks = new Map<string, SideWrite>();
    for (const e of group) for (const c of e.checks) checks.set(checkKey(c), c);
    const checkKeys = [...checks.keys()];
    let outcome: BatchOutcome;
    try {
      outcome = await this.commit(
        group.map((e) => e.write),
        { guards: named, sideWrites: [...checks.values()] },
      );
    } catch {
      await Promise.all(group.map((e) => this.alone(e)));
      return;
    }
    if ('committed' in outcome) {
      group.forEach((e, i) => e.resolve({ committed: [outcome.committed[i]] }));
      return;
    }
    const answers = new Map<Entry, BatchOutcome>();
    if (outcome.failed === 'write') answers.set(group[outcome.index], { failed: 'write', index: 0 });
    if (outcome.failed === 'guard') for (const e of group) if (e.guard?.namespace === named[outcome.index].namespace) answers.set(e, { failed: 'guard', index: 0 });
    if (outcome.failed === 'side') {
      const failedCheck = checkKeys[outcome.index];
      for (const e of group) {
        const own = e.checks.findIndex((c) => checkKey(c) === failedCheck);
        if (own >= 0) answers.set(e, { failed: 'side', index: own });
      }
    }
    if (answers.size === 0) {
      await Promise.all(group.map((e) => this.alone(e)));
      return;
    }
    for (const [e, answer] of answers) e.resolve(answer);
    const failed = [...answers.keys()];
    // The rest is decided again with the next group: each round answers at least one write.
    this.queue.unshift(...group.filter((e) => !failed.includes(e)));
  }

  private async alone(e: Entry): Promise<void> {
    try {
      e.resolve(await this.commit([e.write], { guards: e.guard ? [e.guard] : [], sideWrites: e.checks }));
    } catch (err) {
      e.reject(err);
    }
  }
}

/** Whether two checks name the same side item (a transaction may hold one operation per item). */
function sameItem(a: string, b: string): boolean {
  const key = (k: string) => JSON.stringify((JSON.parse(k) as { check: unknown }).check);
  return key(a) === key(b);
}
