import {
  AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItem,
  TransactWriteItemsCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { RequestEntityTooLargeError } from '../api/errors';
import { decodeBody, encodeBody, MAX_STORED_BODY_BYTES } from './codec';
import { NamespaceGuardFailed, PreconditionFailed, SideWriteFailed, StoreBusy } from './errors';
import { MAX_REV_SK, logPk, namespacePrefix, objectPk, objectSk, revSk } from './keys';
import { Revisions } from './revisions';
import { BatchExtras, BatchOutcome, BatchWrite, Expectation, WriteExtras, writeItems } from './write-items';
import { replay } from './replay';

/** The part of an object the store reads; everything else is opaque JSON. */
export interface StoredObject {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rev: number;
  type: ChangeType;
  object: StoredObject;
}

export interface GapRecord {
  rev: number;
  type: 'GAP';
}

export interface StoreOptions {
  client: DynamoDBClient;
  table: string;
  gapTimeoutMs?: number;
  /** Seconds a change stays in the log (watch history); see docs/storage.md. */
  logRetentionSeconds?: number;
  /** Called after every commit, so watchers in this process wake at once. */
  onCommit?: (resource: string, rev: number) => void;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: number;
  /** The last key returned, when the page stopped early. */
  continueAfter?: string;
}

const MAX_ATTEMPTS = 8;

export { NamespaceGuard } from './write-items';
export type { BatchExtras, BatchOutcome, BatchWrite, WriteExtras } from './write-items';

export class ObjectStore {
  readonly revisions: Revisions;
  readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: number;

  constructor(private readonly options: StoreOptions) {
    this.client = options.client;
    this.table = options.table;
    this.retention = options.logRetentionSeconds ?? 3600;
    this.revisions = new Revisions(this.client, this.table, { gapTimeoutMs: options.gapTimeoutMs ?? 2000, retentionSeconds: this.retention });
  }

  get tableName(): string {
    return this.table;
  }

  async get(resource: string, namespace: string | undefined, name: string): Promise<StoredObject | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.table,
        Key: { pk: { S: objectPk(resource) }, sk: { S: objectSk(namespace, name) } },
        ConsistentRead: true,
      }),
    );
    return out.Item?.b?.B ? decodeBody<StoredObject>(out.Item.b.B) : undefined;
  }

  /**
   * One page of a list, exact as of the returned revision. The list stands on a resolved revision C;
   * objects read that are newer than C (writers that committed during the read) are reconciled with
   * the change log up to the newest of them, so the page is a snapshot a watch can start from.
   */
  async list(
    resource: string,
    namespace: string | undefined,
    opts: { after?: string; limit?: number; accept?: (o: StoredObject) => boolean } = {},
  ): Promise<ListPage> {
    const resolved = await this.revisions.resolve(resource);
    const { items, continueAfter, newest } = await this.query(resource, namespace, opts);
    if (newest <= resolved) return { items, resourceVersion: resolved, continueAfter };
    await this.revisions.resolve(resource);
    const changes = await this.changes(resource, resolved, newest);
    return { items: replay(items, changes, namespace, opts), resourceVersion: newest, continueAfter };
  }

  private async query(
    resource: string,
    namespace: string | undefined,
    opts: { after?: string; limit?: number; accept?: (o: StoredObject) => boolean },
  ): Promise<{ items: StoredObject[]; continueAfter?: string; newest: number }> {
    const items: StoredObject[] = [];
    // The newest revision among every row read, matching or not: a row that stopped matching in a
    // write newer than the resolved revision still moves the snapshot.
    let newest = 0;
    const values: Record<string, AttributeValue> = { ':pk': { S: objectPk(resource) } };
    let condition = 'pk = :pk';
    if (namespace !== undefined) {
      condition += ' AND begins_with(sk, :ns)';
      values[':ns'] = { S: namespacePrefix(namespace) };
    }
    let start: Record<string, AttributeValue> | undefined = opts.after
      ? { pk: { S: objectPk(resource) }, sk: { S: opts.after } }
      : undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: condition,
          ExpressionAttributeValues: values,
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      start = out.LastEvaluatedKey;
      const rows = out.Items ?? [];
      for (let i = 0; i < rows.length; i++) {
        newest = Math.max(newest, Number(rows[i].rv.N));
        const obj = decodeBody<StoredObject>(rows[i].b.B as Uint8Array);
        if (opts.accept && !opts.accept(obj)) continue;
        items.push(obj);
        if (opts.limit && items.length >= opts.limit) {
          const more = i < rows.length - 1 || start !== undefined;
          return { items, newest, continueAfter: more ? (rows[i].sk.S as string) : undefined };
        }
      }
    } while (start);
    return { items, newest };
  }

  /** Committed changes in (after, upTo], in revision order; gaps are skipped. */
  async changes(resource: string, after: number, upTo?: number): Promise<Change[]> {
    return (await this.history(resource, after, upTo)).filter((c): c is Change => c.type !== 'GAP');
  }

  /** Every log record in (after, upTo], gaps included, so a reader can tell compaction from a gap. */
  async history(resource: string, after: number, upTo?: number, limit?: number): Promise<(Change | GapRecord)[]> {
    const result: (Change | GapRecord)[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: {
            ':pk': { S: logPk(resource) },
            ':a': { S: revSk(after + 1) },
            ':b': { S: upTo === undefined ? MAX_REV_SK : revSk(upTo) },
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          Limit: limit,
        }),
      );
      for (const item of out.Items ?? []) {
        const rev = Number(item.sk.S);
        if (item.t.S === 'GAP') result.push({ rev, type: 'GAP' });
        else result.push({ rev, type: item.t.S as ChangeType, object: decodeBody(item.b.B as Uint8Array) });
      }
      start = out.LastEvaluatedKey;
      if (limit && result.length >= limit) break;
    } while (start);
    return result;
  }

  /**
   * Deletes change records past their retention, oldest first. On AWS DynamoDB's TTL does this
   * for free; DynamoDB Local has no TTL, so the local runner calls this on a timer.
   */
  async compact(resource: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<number> {
    // Never past the resolved watermark: a reader settling revisions above it would take a
    // compacted record for a writer in flight and declare it a gap, hiding the compaction.
    const resolved = await this.revisions.resolve(resource);
    let removed = 0;
    let start: Record<string, AttributeValue> | undefined;
    for (;;) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: logPk(resource) } },
          ProjectionExpression: 'pk, sk, #e',
          ExpressionAttributeNames: { '#e': 'exp' },
          Limit: 100,
          ExclusiveStartKey: start,
        }),
      );
      const items = out.Items ?? [];
      // Only the expired prefix goes: a hole in the middle would read as compaction to watchers.
      const firstLive = items.findIndex((i) => Number(i.exp?.N ?? '0') > nowSeconds || Number(i.sk.S) > resolved);
      const expired = firstLive < 0 ? items : items.slice(0, firstLive);
      for (let i = 0; i < expired.length; i += 25) {
        const batch = expired.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }));
        await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: batch } }));
      }
      removed += expired.length;
      if (expired.length < items.length || !out.LastEvaluatedKey) return removed;
      start = out.LastEvaluatedKey;
    }
  }

  /** Bytes of every item in the table, as JSON (what the cost model prices as storage). */
  async storedBytes(): Promise<number> {
    let bytes = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(new ScanCommand({ TableName: this.table, ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) bytes += JSON.stringify(item).length;
      start = out.LastEvaluatedKey;
    } while (start);
    return bytes;
  }

  /** The oldest revision still in the log, or undefined for an empty log. */
  async oldestRetained(resource: string): Promise<number | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: logPk(resource) } },
        ProjectionExpression: 'sk',
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const sk = out.Items?.[0]?.sk?.S;
    return sk ? Number(sk) : undefined;
  }

  create(resource: string, obj: StoredObject, extra: WriteExtras = {}): Promise<StoredObject> {
    return this.commit(resource, 'ADDED', obj, { kind: 'absent' }, extra);
  }

  update(resource: string, obj: StoredObject, expectedRev: string, extra: WriteExtras = {}): Promise<StoredObject> {
    return this.commit(resource, 'MODIFIED', obj, { kind: 'rev', rev: expectedRev }, extra);
  }

  /** Removes an object; the returned copy carries the deletion's revision, as watch events do. */
  delete(resource: string, obj: StoredObject, expectedRev: string, extra: WriteExtras = {}): Promise<StoredObject> {
    return this.commit(resource, 'DELETED', obj, { kind: 'rev', rev: expectedRev }, extra);
  }

  /**
   * Several writes in one transaction: every one commits, each at a revision of its own resource,
   * or none does. The caller keeps the transaction within DynamoDB's 100 items (two per write, plus
   * the guards and side writes) and names each namespace guard once (a transaction may touch an
   * item only once). A write whose precondition fails is named by its index; nothing is retried
   * but a lost revision or a transaction conflict.
   */
  async commitBatch(writes: BatchWrite[], extra: BatchExtras = {}): Promise<BatchOutcome> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const revs = await this.allocateFor(writes);
      const stamped = writes.map((w, i) => ({ ...w.obj, metadata: { ...w.obj.metadata, resourceVersion: String(revs[i]) } }));
      const bodies = stamped.map((o) => encodeBody(o));
      const gapAll = () => Promise.all(writes.map((w, i) => this.revisions.gap(w.resource, revs[i])));
      if (bodies.some((b) => b.byteLength > MAX_STORED_BODY_BYTES)) {
        await gapAll();
        throw new RequestEntityTooLargeError(`an object is too large to store: the limit is ${MAX_STORED_BODY_BYTES} bytes compressed`);
      }
      const items = writes.flatMap((w, i) => writeItems(this.table, w.resource, w.type, stamped[i], bodies[i], revs[i], w.expect, this.retention));
      const guardStart = items.length;
      items.push(...(extra.guards ?? []).map((g) => g.check(this.table)));
      const sideStart = items.length;
      items.push(...(extra.sideWrites ?? []).map((w) => w(this.table)));
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        await gapAll();
        const failed = (err.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed < 0 || (failed < guardStart && failed % 2 === 1)) continue;
        if (failed < guardStart) return { failed: 'write', index: failed / 2 };
        return failed < sideStart ? { failed: 'guard', index: failed - guardStart } : { failed: 'side', index: failed - sideStart };
      }
      writes.forEach((w, i) => this.options.onCommit?.(w.resource, revs[i]));
      return { committed: stamped };
    }
    throw new StoreBusy('too many concurrent writers');
  }

  /** One counter increment per resource for a batch; each write gets its own revision, in order. */
  private async allocateFor(writes: BatchWrite[]): Promise<number[]> {
    const counts = new Map<string, number>();
    for (const w of writes) counts.set(w.resource, (counts.get(w.resource) ?? 0) + 1);
    const next = new Map<string, number>();
    await Promise.all(
      [...counts].map(async ([resource, n]) => next.set(resource, (await this.revisions.allocate(resource, n)) - n + 1)),
    );
    return writes.map((w) => {
      const rev = next.get(w.resource) as number;
      next.set(w.resource, rev + 1);
      return rev;
    });
  }

  private async commit(
    resource: string,
    type: ChangeType,
    obj: StoredObject,
    expect: Expectation,
    extra: WriteExtras,
  ): Promise<StoredObject> {
    const guard = extra.guard;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const rev = await this.revisions.allocate(resource);
      const stamped: StoredObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rev) } };
      const body = encodeBody(stamped);
      if (body.byteLength > MAX_STORED_BODY_BYTES) {
        await this.revisions.gap(resource, rev);
        throw new RequestEntityTooLargeError(
          `object is too large to store: ${body.byteLength} bytes compressed exceeds the limit of ${MAX_STORED_BODY_BYTES} bytes`,
        );
      }
      const outcome = await this.transact(resource, type, stamped, body, rev, expect, extra);
      if (outcome === 'committed') {
        this.options.onCommit?.(resource, rev);
        return stamped;
      }
      if (outcome !== 'revision-taken') await this.revisions.gap(resource, rev);
      if (outcome === 'precondition') throw new PreconditionFailed(expect.kind === 'absent');
      if (outcome === 'namespace') throw new NamespaceGuardFailed(guard?.namespace ?? '');
      if (typeof outcome === 'number') throw new SideWriteFailed(outcome);
      // 'revision-taken' (a reader declared our revision a gap) or a transaction conflict: go again.
    }
    throw new StoreBusy(`too many concurrent writers on ${resource}`);
  }

  private async transact(
    resource: string,
    type: ChangeType,
    obj: StoredObject,
    body: Uint8Array,
    rev: number,
    expect: Expectation,
    extra: WriteExtras,
  ): Promise<'committed' | 'precondition' | 'revision-taken' | 'namespace' | 'conflict' | number> {
    const items: TransactWriteItem[] = writeItems(this.table, resource, type, obj, body, rev, expect, this.retention);
    // Slots: 0 object, 1 change, then the namespace guard if any, then the side writes.
    if (extra.guard) items.push(extra.guard.check(this.table));
    const sideStart = items.length;
    items.push(...(extra.sideWrites ?? []).map((w) => w(this.table)));
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return 'committed';
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = (err.CancellationReasons ?? []).map((r) => r.Code);
      if (reasons[0] === 'ConditionalCheckFailed') return 'precondition';
      if (reasons[1] === 'ConditionalCheckFailed') return 'revision-taken';
      if (extra.guard && reasons[2] === 'ConditionalCheckFailed') return 'namespace';
      const side = reasons.findIndex((r, i) => i >= sideStart && r === 'ConditionalCheckFailed');
      return side >= sideStart ? side - sideStart : 'conflict';
    }
  }
}
