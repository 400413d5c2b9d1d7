import {
  AttributeValue,
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { decodeBody } from './codec';
import { CommitOptions, commitWrites } from './commit';
import { compactLog, compactTombstones } from './compaction';
import { GroupCommit, onlyChecks } from './group-commit';
import { CompanionWriteFailed, NamespaceGuardFailed, PreconditionFailed, SideWriteFailed } from './errors';
import { MAX_REV_SK, logPk, namespacePrefix, objectPk, objectSk, revSk } from './keys';
import { RecentObjects } from './recent';
import { Revisions } from './revisions';
import { replay } from './replay';
import { querySideItems, readSideItem, SideAttributes, SideItem, SideKey, SideWrite, writeSideItem } from './side-items';
import type { BatchExtras, BatchOutcome, BatchWrite, Change, ChangeType, Expectation, GapRecord, StoredObject, WriteExtras } from './types';

export interface StoreOptions {
  client: DynamoDBClient;
  table: string;
  gapTimeoutMs?: number;
  /** Seconds a change stays in the log (watch history); see docs/storage.md. */
  logRetentionSeconds?: number;
  /**
   * Take revisions inside each commit's transaction when this process is the only writer it knows
   * of (one round trip instead of two; docs/storage.md). Default on.
   */
  commitAhead?: boolean;
  /** Called after every commit, so watchers in this process wake at once. */
  onCommit?: (resource: string, rev: number) => void;
  /**
   * Single writes' transactions in flight at once before further writes wait and share the next
   * one (group commit, ./group-commit.ts). Default 4.
   */
  maxCommitsInFlight?: number;
}

export interface ListPage {
  items: StoredObject[];
  resourceVersion: number;
  /** The last key returned, when the page stopped early. */
  continueAfter?: string;
}

export { NamespaceGuard } from './namespace-guard';
export type { SideAttributes, SideCondition, SideItem, SideKey, SideValue, SideWrite } from './side-items';
export type { BatchExtras, BatchOutcome, BatchWrite, Change, ChangeType, Expectation, GapRecord, StoredObject, WriteExtras } from './types';

/**
 * The object store: Kubernetes objects, their revisions and change log, and the side items beside
 * them, in one DynamoDB table. Nothing outside shared/storage/ sees DynamoDB: the client is private.
 */
export class ObjectStore {
  readonly revisions: Revisions;
  private readonly recentObjects = new RecentObjects();
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retention: number;
  private readonly commitOptions: CommitOptions;
  private readonly group: GroupCommit;

  constructor(private readonly options: StoreOptions) {
    this.client = options.client;
    this.table = options.table;
    this.retention = options.logRetentionSeconds ?? 3600;
    this.revisions = new Revisions(this.client, this.table, { gapTimeoutMs: options.gapTimeoutMs ?? 2000, retentionSeconds: this.retention });
    this.commitOptions = {
      client: this.client,
      table: this.table,
      revisions: this.revisions,
      retentionSeconds: this.retention,
      commitAhead: options.commitAhead ?? true,
      onCommit: options.onCommit,
      onCommitted: (w, stored, body) => {
        const { namespace, name } = stored.metadata;
        if (w.type === 'DELETED') this.recentObjects.forget(w.resource, namespace, String(name));
        else this.recentObjects.remember(w.resource, namespace, String(name), Number(stored.metadata.resourceVersion), body);
      },
    };
    this.group = new GroupCommit((writes, extra) => this.commitBatch(writes, extra), options.maxCommitsInFlight ?? 4);
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
    const body = out.Item?.b?.B;
    if (!body) {
      this.recentObjects.forget(resource, namespace, name);
      return undefined;
    }
    this.recentObjects.remember(resource, namespace, name, Number(out.Item?.rv?.N ?? 0), body);
    return decodeBody<StoredObject>(body);
  }

  /**
   * Several objects of one resource as committed now, as `get` reads each (strongly consistent),
   * in one `BatchGetItem` per 100 names instead of a call each; answers in the order of `names`,
   * undefined for an object not stored. Keys DynamoDB leaves unprocessed (under load) are asked again.
   */
  async getMany(resource: string, namespace: string | undefined, names: readonly string[]): Promise<(StoredObject | undefined)[]> {
    const bodies = new Map<string, { rev: number; body: Uint8Array }>();
    const unique = [...new Set(names)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, AttributeValue>[] | undefined = unique.slice(i, i + 100).map((name) => ({ pk: { S: objectPk(resource) }, sk: { S: objectSk(namespace, name) } }));
      for (let pause = 10; keys && keys.length > 0; pause = Math.min(pause * 2, 500)) {
        const out: BatchGetItemCommandOutput = await this.client.send(
          new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'sk, rv, b' } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) if (item.b?.B) bodies.set(String(item.sk?.S), { rev: Number(item.rv?.N ?? 0), body: item.b.B });
        keys = out.UnprocessedKeys?.[this.table]?.Keys;
        if (keys && keys.length > 0) await new Promise((r) => setTimeout(r, pause));
      }
    }
    return names.map((name) => {
      const found = bodies.get(objectSk(namespace, name));
      if (!found) {
        this.recentObjects.forget(resource, namespace, name);
        return undefined;
      }
      this.recentObjects.remember(resource, namespace, name, found.rev, found.body);
      return decodeBody<StoredObject>(found.body);
    });
  }

  /**
   * The object as this process last read or committed it, without a read: a guess for a
   * read-modify-write, never an answer. A write based on it must be conditional on its
   * resourceVersion and, whenever it does not commit, be made again from `get` (shared/storage/recent.ts).
   */
  recent(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.recentObjects.get(resource, namespace, name);
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

  /**
   * Every object of a resource (in a namespace) as committed now, in one consistent Query: no
   * revision is resolved, so the answer is nothing a watch can start from. For readers that need
   * only the objects and their resourceVersions, such as quota admission, whose write is
   * conditional on the versions it read.
   */
  async current(resource: string, namespace: string | undefined): Promise<StoredObject[]> {
    return (await this.query(resource, namespace, {})).items;
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

  /**
   * What a watcher at revision `after` may deliver now: the log records after it (at most `limit`)
   * up to `upTo`, every revision up to which is committed or a gap. Where the log already holds
   * every revision from `after` on (no write in flight just past it), that is the counter read and
   * one log Query, and the run of records present up to the counter. Otherwise the revision is
   * resolved as a list's is (waiting for writes in flight, declaring stragglers gaps) and the log
   * read up to it; an answer that does not start at `after + 1` then means the log was compacted.
   */
  async since(resource: string, after: number, limit: number): Promise<{ records: (Change | GapRecord)[]; upTo: number }> {
    const { rev, resolved } = await this.revisions.read(resource);
    if (rev <= after) return { records: [], upTo: after };
    const present = await this.history(resource, after, rev, limit);
    if (resolved >= rev) return { records: present, upTo: rev };
    let upTo = after;
    while (upTo - after < present.length && present[upTo - after].rev === upTo + 1) upTo++;
    if (upTo > after) return { records: present.slice(0, upTo - after), upTo };
    const settled = await this.revisions.resolve(resource);
    return { records: await this.history(resource, after, settled, limit), upTo: settled };
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
    const resolved = await this.revisions.resolve(resource);
    const removed = await compactLog(this.client, this.table, resource, resolved, nowSeconds);
    await compactTombstones(this.client, this.table, resource, nowSeconds);
    return removed;
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

  /** A side item's attributes (docs/storage.md, "Items"), read strongly consistent; undefined when there is none. */
  sideItem(key: SideKey): Promise<SideAttributes | undefined> {
    return readSideItem(this.client, this.table, key);
  }

  /** Every side item of a partition, or those whose sort key begins with `skPrefix`, in sort-key order; strongly consistent. */
  sideItems(pk: string, skPrefix?: string): Promise<SideItem[]> {
    return querySideItems(this.client, this.table, pk, skPrefix);
  }

  /** Puts or deletes one side item on its own (in a commit, pass it as a side write instead); false when its condition failed. */
  writeSideItem(write: SideWrite): Promise<boolean> {
    return writeSideItem(this.client, this.table, write);
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
   * or none does. The caller keeps the transaction within DynamoDB's 100 items (two or three per
   * write, plus the guards and side writes) and names each namespace guard once (a transaction may
   * touch an item only once). A write whose precondition fails is named by its index; nothing is
   * retried but a lost revision or a transaction conflict.
   */
  commitBatch(writes: BatchWrite[], extra: BatchExtras = {}): Promise<BatchOutcome> {
    return commitWrites(this.commitOptions, writes, extra);
  }

  /**
   * A single write is the batch of one with its companions and side writes; one without
   * companions whose side writes are conditions only (most writes) may share its transaction with
   * others made at the same time (group commit). Its failures become the store's typed errors.
   */
  private async commit(resource: string, type: ChangeType, obj: StoredObject, expect: Expectation, extra: WriteExtras): Promise<StoredObject> {
    const write: BatchWrite = { resource, type, obj, expect };
    const alone = (extra.companions?.length ?? 0) > 0 || !onlyChecks(extra.sideWrites ?? []);
    const outcome = alone
      ? await this.commitBatch([write, ...(extra.companions ?? [])], { guards: extra.guard ? [extra.guard] : [], sideWrites: extra.sideWrites })
      : await this.group.submit(write, extra.guard, extra.sideWrites);
    if ('committed' in outcome) return outcome.committed[0];
    if (outcome.failed === 'write' && outcome.index > 0) throw new CompanionWriteFailed(outcome.index - 1);
    if (outcome.failed === 'write') throw new PreconditionFailed(expect.kind === 'absent');
    if (outcome.failed === 'guard') throw new NamespaceGuardFailed(extra.guard?.namespace ?? '');
    throw new SideWriteFailed(outcome.index);
  }
}
