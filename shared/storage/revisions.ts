import {
  AttributeValue,
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  ConditionalCheckFailedException,
} from '@aws-sdk/client-dynamodb';
import { COUNTER_SK, counterPk, logPk, revSk } from './keys';

/**
 * Revisions: one counter per resource (so a busy kind does not cap the cluster), and a change log
 * whose items are written in the same transaction as the object. The kine trap (writer A takes 10,
 * writer B takes 11 and commits first) is closed by the `resolved` watermark: it only moves past a
 * revision that is committed or that a reader has declared a gap with a conditional put. A writer
 * whose revision was declared a gap fails its transaction and retries with a new revision, so no
 * reader ever skips a write that later appears.
 */
export interface RevisionOptions {
  /** How long a reader waits for an in-flight writer before declaring its revision a gap. */
  gapTimeoutMs: number;
  /** Gap records expire with the changes around them. */
  retentionSeconds: number;
}

interface Take {
  count: number;
  resolve: (last: number) => void;
  reject: (err: unknown) => void;
}

export class Revisions {
  /** The highest counter value this process has seen, per resource. */
  private readonly known = new Map<string, number>();
  /** This process's writes in flight, per resource. */
  private readonly writing = new Map<string, number>();
  /** Takes waiting for the next increment of a resource's counter, and the counters being incremented. */
  private readonly queued = new Map<string, Take[]>();
  private readonly incrementing = new Set<string>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly options: RevisionOptions,
  ) {}

  /**
   * Takes the next `count` revisions of a resource; returns the last of them. Takes made while this
   * process's increment of the same counter is in flight wait for it and then share one increment
   * (`ADD rev n` for all of them, each given its own block, in the order asked): concurrent writers
   * of one resource make one counter call per round trip instead of one each. A take alone goes out
   * at once, and each block is handed out as soon as its increment returns, so no revision waits
   * longer to be committed than it did with a call of its own.
   */
  allocate(resource: string, count = 1): Promise<number> {
    return new Promise((resolve, reject) => {
      const queue = this.queued.get(resource);
      if (queue) queue.push({ count, resolve, reject });
      else this.queued.set(resource, [{ count, resolve, reject }]);
      if (!this.incrementing.has(resource)) void this.increments(resource);
    });
  }

  /** Increments a resource's counter for the takes queued, until none is left. */
  private async increments(resource: string): Promise<void> {
    this.incrementing.add(resource);
    try {
      for (let takes = this.queued.get(resource); takes; takes = this.queued.get(resource)) {
        this.queued.delete(resource);
        const total = takes.reduce((sum, t) => sum + t.count, 0);
        try {
          let last = (await this.increment(resource, total)) - total;
          for (const t of takes) t.resolve((last += t.count));
        } catch (err) {
          for (const t of takes) t.reject(err);
        }
      }
    } finally {
      this.incrementing.delete(resource);
    }
  }

  private async increment(resource: string, count: number): Promise<number> {
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { pk: { S: counterPk(resource) }, sk: { S: COUNTER_SK } },
        UpdateExpression: 'ADD rev :n',
        ExpressionAttributeValues: { ':n': { N: String(count) } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(out.Attributes?.rev?.N ?? '0');
    this.learn(resource, last);
    return last;
  }

  /**
   * The resources' counters as they stand (strongly consistent; 0 for a resource never written),
   * without resolving them: for a cache that only asks whether anything was written since it looked.
   */
  async counters(resources: readonly string[]): Promise<Map<string, number>> {
    const counters = new Map<string, number>(resources.map((r) => [r, 0]));
    // BatchGetItem takes at most 100 keys and may leave some unprocessed under load.
    for (let i = 0; i < resources.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = resources.slice(i, i + 100).map((r) => ({ pk: { S: counterPk(r) }, sk: { S: COUNTER_SK } }));
      while (keys && keys.length > 0) {
        const out: BatchGetItemCommandOutput = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, rev' } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) counters.set(String(item.pk?.S).slice(counterPk('').length), Number(item.rev?.N ?? 0));
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return counters;
  }

  /** The highest counter value this process has seen for a resource (its own writes move it at once). */
  seen(resource: string): number | undefined {
    return this.known.get(resource);
  }

  /** Records a counter value seen (a read, a failed condition, an own commit); the counter only grows. */
  learn(resource: string, rev: number): void {
    if (rev > (this.known.get(resource) ?? -1)) this.known.set(resource, rev);
  }

  /**
   * The counter value a commit may move on from inside its own transaction, when this process has
   * seen the counter and no other write of its own to the resource is in flight (two of them would
   * only race for the same revision); otherwise undefined, and the write takes its revisions first.
   */
  aheadOf(resource: string, ownWrites: number): number | undefined {
    return (this.writing.get(resource) ?? 0) === ownWrites ? this.known.get(resource) : undefined;
  }

  /** Counts a commit's writes in flight until the returned function is called. */
  enter(counts: ReadonlyMap<string, number>): () => void {
    for (const [r, n] of counts) this.writing.set(r, (this.writing.get(r) ?? 0) + n);
    return () => {
      for (const [r, n] of counts) this.writing.set(r, (this.writing.get(r) ?? 0) - n);
    };
  }

  /** Marks a revision that will never commit; a no-op when it committed or was gapped already. */
  async gap(resource: string, rev: number): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: {
            pk: { S: logPk(resource) },
            sk: { S: revSk(rev) },
            t: { S: 'GAP' },
            exp: { N: String(Math.floor(Date.now() / 1000) + this.options.retentionSeconds) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  /**
   * Returns a revision R such that every revision up to R is committed or a gap: a list or watch
   * may stand on R without missing any write.
   */
  async resolve(resource: string): Promise<number> {
    const { rev, resolved } = await this.read(resource);
    // A resource never written has no revision yet; answering 0 would tell a client that lists and
    // then watches from the list's resourceVersion "0" to start "from any point" (upstream's
    // meaning of 0), with its current objects replayed as ADDED. The first reader opens the log
    // with a gap instead, so every resourceVersion a list returns is a real revision.
    if (rev === 0) {
      await this.gap(resource, await this.allocate(resource));
      return this.resolve(resource);
    }
    if (resolved >= rev) return rev;
    await this.settle(resource, resolved, rev);
    await this.advance(resource, rev);
    return rev;
  }

  /**
   * The counter as it stands (strongly consistent): the last revision taken and the watermark up to
   * which every revision is known committed or a gap; both 0 for a resource never written.
   */
  async read(resource: string): Promise<{ rev: number; resolved: number }> {
    const counter = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: { pk: { S: counterPk(resource) }, sk: { S: COUNTER_SK } },
        ConsistentRead: true,
      }),
    );
    const rev = Number(counter.Item?.rev?.N ?? '0');
    if (rev > 0) this.learn(resource, rev);
    return { rev, resolved: Number(counter.Item?.resolved?.N ?? '0') };
  }

  /** Waits for revisions in (from, to] to appear, declaring stragglers gaps after the timeout. */
  private async settle(resource: string, from: number, to: number): Promise<void> {
    let missing = await this.missing(resource, from, to);
    const deadline = Date.now() + this.options.gapTimeoutMs;
    let pause = 2;
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 100);
      missing = await this.missing(resource, missing[0] - 1, missing[missing.length - 1], new Set(missing));
    }
    for (const rev of missing) await this.gap(resource, rev);
  }

  private async missing(resource: string, from: number, to: number, only?: Set<number>): Promise<number[]> {
    const seen = new Set<number>();
    let start: Record<string, { S: string }> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':pk': { S: logPk(resource) }, ':a': { S: revSk(from + 1) }, ':b': { S: revSk(to) } },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) seen.add(Number(item.sk.S));
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    const result: number[] = [];
    for (let rev = from + 1; rev <= to; rev++) if (!seen.has(rev) && (!only || only.has(rev))) result.push(rev);
    return result;
  }

  private async advance(resource: string, rev: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: { pk: { S: counterPk(resource) }, sk: { S: COUNTER_SK } },
          UpdateExpression: 'SET resolved = :r',
          ConditionExpression: 'attribute_not_exists(resolved) OR resolved < :r',
          ExpressionAttributeValues: { ':r': { N: String(rev) } },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }
}
