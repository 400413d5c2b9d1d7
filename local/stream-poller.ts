import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ExpiredIteratorException,
  _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '../shared/logging';
import { StreamConsumer } from '../shared/runtime/consumer';
import { matchesAny } from '../shared/runtime/filters';
import { Requeuer, WorkKey } from '../shared/runtime/work';
import { WorkLane } from './work-lane';

const MAX_RETRIES = 10;

export interface PollerOptions {
  /** Milliseconds between reads of a shard that had no new records. */
  pollMs?: number;
  /**
   * Each consumer lists what it owns at once, as an informer's first list does. The poller reads
   * from LATEST, so on a table with earlier data (a restart, a crash) what changed while no runner
   * was up is reconciled at start rather than at the first periodic resync. A table created by this
   * start has nothing to catch up on (the bootstrap reconciles what it writes).
   */
  resyncAtStart?: boolean;
}

/**
 * Feeds DynamoDB Local's stream to the consumers as Lambda would: the same DynamoDBStreamEvent
 * shape, each consumer's filters applied, batches of its batch size, failed items retried with
 * backoff while later records keep flowing. Requeued keys and each consumer's periodic resync go
 * through the consumer's work lane (./work-lane), as SQS and EventBridge deliver them on AWS.
 */
export class LocalStreamPoller implements Requeuer {
  private readonly streams: DynamoDBStreamsClient;
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private readonly readers = new Map<string, Promise<void>>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly queues = new Map<string, DynamoDBRecord[]>();
  private readonly draining = new Set<string>();
  private readonly lanes = new Map<string, WorkLane>();
  private readonly paused = new Set<string>();

  constructor(
    private readonly dynamo: DynamoDBClient,
    endpoint: string,
    private readonly table: string,
    private readonly consumers: StreamConsumer[],
    private readonly options: PollerOptions = {},
  ) {
    const config = dynamo.config;
    this.streams = new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: config.credentials, requestHandler: config.requestHandler });
  }

  async start(): Promise<void> {
    this.running = true;
    const table = await this.dynamo.send(new DescribeTableCommand({ TableName: this.table }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${this.table} has no stream`);
    await this.discover(arn, 'LATEST');
    this.every(5000, () => this.discover(arn, 'TRIM_HORIZON'));
    for (const c of this.consumers) {
      const lane = new WorkLane((event) => this.deliver(c, event), (work) => void this.track(work));
      this.lanes.set(c.name, lane);
      if (this.options.resyncAtStart) lane.requestResync();
      this.every(c.resyncSeconds * 1000, async () => lane.requestResync());
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const lane of this.lanes.values()) lane.stop();
    await Promise.allSettled([...this.readers.values(), ...this.inflight]);
    this.streams.destroy();
  }

  /**
   * Holds a consumer's deliveries (records queue up, as a disabled event source mapping leaves them
   * in the stream) until `resume`. The benchmarks use it to build a backlog of pending pods.
   */
  pause(consumer: string): void {
    this.paused.add(consumer);
    this.lanes.get(consumer)?.pause();
  }

  resume(consumer: string): void {
    this.paused.delete(consumer);
    this.lanes.get(consumer)?.resume();
    const c = this.consumers.find((x) => x.name === consumer);
    const queue = this.queues.get(consumer);
    if (c && queue) this.kick(c, queue);
  }

  /** Requeuer: reconcile `key` again after `seconds`, through the consumer's handler. */
  async after(key: WorkKey, seconds: number, consumer: string): Promise<void> {
    if (this.running) this.lanes.get(consumer)?.after(key, seconds * 1000);
  }

  private every(ms: number, fn: () => Promise<unknown>): void {
    const tick = () => {
      if (!this.running) return;
      this.track(fn()).finally(() => this.later(ms, tick));
    };
    this.later(ms, tick);
  }

  private later(ms: number, fn: () => unknown): void {
    if (!this.running) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.running) fn();
    }, ms);
    this.timers.add(t);
  }

  private track<T>(p: Promise<T>): Promise<T | undefined> {
    const guarded = p.catch((err) => {
      logger.warn('stream poller task failed', { error: (err as Error).stack ?? String(err) });
      return undefined;
    });
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
    return guarded;
  }

  private async discover(arn: string, type: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    let start: string | undefined;
    do {
      const out = await this.streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
      for (const shard of out.StreamDescription?.Shards ?? []) {
        const id = shard.ShardId as string;
        if (this.readers.has(id)) continue;
        // Take the iterator before start() returns, so records written right after it are seen.
        const first = await this.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: type }));
        this.readers.set(id, this.read(first.ShardIterator));
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  private async read(start: string | undefined): Promise<void> {
    let iterator = start;
    while (this.running && iterator) {
      let out;
      try {
        out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (err) {
        if (err instanceof ExpiredIteratorException) return;
        if (!this.running) return;
        throw err;
      }
      iterator = out.NextShardIterator;
      const records = (out.Records ?? []).map(toLambdaRecord);
      if (records.length > 0) for (const c of this.consumers) this.feed(c, records);
      else await new Promise((r) => setTimeout(r, this.options.pollMs ?? 50));
    }
  }

  /**
   * Queues records for one consumer. Each consumer drains its own queue in order, one batch at a
   * time, as each Lambda event source mapping does: a slow consumer never holds up another.
   */
  private feed(c: StreamConsumer, all: DynamoDBRecord[]): void {
    const queue = this.queues.get(c.name) ?? [];
    this.queues.set(c.name, queue);
    for (const r of all) if (matchesAny(r, c.filters)) queue.push(r);
    this.kick(c, queue);
  }

  private kick(c: StreamConsumer, queue: DynamoDBRecord[]): void {
    if (queue.length === 0 || this.draining.has(c.name) || this.paused.has(c.name)) return;
    this.draining.add(c.name);
    void this.track(this.drain(c, queue));
  }

  private async drain(c: StreamConsumer, queue: DynamoDBRecord[]): Promise<void> {
    try {
      while (queue.length > 0 && this.running && !this.paused.has(c.name)) await this.deliverRecords(c, queue.splice(0, c.batchSize), 0);
    } finally {
      // Nothing runs between the loop's last check and here, so records queued meanwhile are seen.
      this.draining.delete(c.name);
      if (this.running) this.kick(c, queue);
    }
  }

  private async deliverRecords(c: StreamConsumer, records: DynamoDBRecord[], attempt: number): Promise<void> {
    if (records.length === 0 || !this.running) return;
    const failures = await this.deliver(c, { Records: records });
    if (!failures || failures.length === 0) return;
    const failed = records.filter((r) => failures.includes(r.dynamodb?.SequenceNumber ?? ''));
    if (attempt + 1 >= MAX_RETRIES) {
      logger.error('dropping stream records after retries', { consumer: c.name, count: failed.length });
      return;
    }
    // Retry only the failed items, later, so the records after them are not held up.
    this.later(Math.min(100 * 2 ** attempt, 5000), () => void this.track(this.deliverRecords(c, failed, attempt + 1)));
  }

  private async deliver(c: StreamConsumer, event: Parameters<StreamConsumer['handler']>[0]): Promise<string[] | undefined> {
    const result = await this.track(c.handler(event));
    return result?.batchItemFailures.map((f) => f.itemIdentifier);
  }
}

/** The SDK's stream record → the shape Lambda delivers (binary attributes base64, as in Lambda's JSON). */
function toLambdaRecord(r: _Record): DynamoDBRecord {
  const images = (img: Record<string, unknown> | undefined) => (img ? (JSON.parse(JSON.stringify(img, binaryAsBase64)) as DynamoDBRecord['dynamodb'] extends infer D ? (D extends { Keys?: infer K } ? K : never) : never) : undefined);
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime ? r.dynamodb.ApproximateCreationDateTime.getTime() / 1000 : undefined,
      Keys: images(r.dynamodb?.Keys as Record<string, unknown>),
      NewImage: images(r.dynamodb?.NewImage as Record<string, unknown>),
      OldImage: images(r.dynamodb?.OldImage as Record<string, unknown>),
      SequenceNumber: r.dynamodb?.SequenceNumber,
      SizeBytes: r.dynamodb?.SizeBytes,
      StreamViewType: r.dynamodb?.StreamViewType as 'NEW_AND_OLD_IMAGES',
    },
  };
}

function binaryAsBase64(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  }
  return value;
}
