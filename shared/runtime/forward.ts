import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ConsumerEvent } from './consumer';
import { FilterPattern, Matcher, matchesAny } from './filters';
import { CONSUMER_SOURCES, ConsumerSource } from './sources';

/** A queue message carrying one stream record for a consumer that does not read the stream itself. */
export interface ForwardedRecord {
  source: 'skiff.stream';
  record: DynamoDBRecord;
}

export const isForwardedRecord = (body: unknown): body is ForwardedRecord =>
  !!body && typeof body === 'object' && (body as ForwardedRecord).source === 'skiff.stream' && !!(body as ForwardedRecord).record;

export interface ForwardTarget {
  name: string;
  filters: FilterPattern[];
  queueUrl: string;
}

/** SQS's limits: ten messages per SendMessageBatch, 1 MiB per message and per batch. */
const MAX_ENTRIES = 10;
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface PlannedBatch {
  target: ForwardTarget;
  /** Each entry's Id is the index of its record in the event (SQS wants ids unique per batch). */
  entries: { Id: string; MessageBody: string }[];
}

/**
 * The body of a record as forwarded. A record near DynamoDB's 400 KB item limit twice over (both
 * images) would not fit in a message: it goes without its old image, then without either, and the
 * consumer, level-triggered, re-reads the object by its keys anyway.
 */
export function forwardedBody(record: DynamoDBRecord): string {
  const variants: DynamoDBRecord[] = [
    record,
    { ...record, dynamodb: { ...record.dynamodb, OldImage: undefined } },
    { ...record, dynamodb: { ...record.dynamodb, OldImage: undefined, NewImage: undefined } },
  ];
  for (const variant of variants) {
    const body = JSON.stringify({ source: 'skiff.stream', record: variant } satisfies ForwardedRecord);
    if (Buffer.byteLength(body) <= MAX_MESSAGE_BYTES) return body;
  }
  throw new Error(`stream record ${record.eventID} does not fit in a queue message even without images`);
}

/** Which records go to which target's queue, in SendMessageBatch-sized batches, in stream order. */
export function forwardPlan(records: DynamoDBRecord[], targets: ForwardTarget[]): PlannedBatch[] {
  const batches: PlannedBatch[] = [];
  for (const target of targets) {
    let current: PlannedBatch | undefined;
    let bytes = 0;
    for (const [index, record] of records.entries()) {
      if (!matchesAny(record, target.filters)) continue;
      const body = forwardedBody(record);
      const size = Buffer.byteLength(body);
      if (!current || current.entries.length === MAX_ENTRIES || bytes + size > MAX_MESSAGE_BYTES) {
        current = { target, entries: [] };
        bytes = 0;
        batches.push(current);
      }
      current.entries.push({ Id: String(index), MessageBody: body });
      bytes += size;
    }
  }
  return batches;
}

/** Sends the plan; returns the item identifiers (sequence numbers) of records that did not get through. */
export async function forwardRecords(sqs: SQSClient, event: DynamoDBStreamEvent, targets: ForwardTarget[]): Promise<string[]> {
  const failed = new Set<number>();
  for (const batch of forwardPlan(event.Records, targets)) {
    try {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: batch.target.queueUrl, Entries: batch.entries }));
      for (const f of out.Failed ?? []) failed.add(Number(f.Id));
    } catch {
      for (const e of batch.entries) failed.add(Number(e.Id));
    }
  }
  return [...failed].map((i) => event.Records[i].dynamodb?.SequenceNumber ?? event.Records[i].eventID ?? '').filter(Boolean);
}

/**
 * The targets from the forwarder's environment: SKIFF_FORWARD_QUEUES is `{"<consumer>": "<queue
 * url>"}` (set by the CDK stack); the filters are each consumer's own declaration.
 */
export function forwardTargetsFromEnv(env: NodeJS.ProcessEnv = process.env, sources: ConsumerSource[] = CONSUMER_SOURCES): ForwardTarget[] {
  if (!env.SKIFF_FORWARD_QUEUES) return [];
  const queues = JSON.parse(env.SKIFF_FORWARD_QUEUES) as Record<string, string>;
  return Object.entries(queues).map(([name, queueUrl]) => {
    const source = sources.find((s) => s.name === name);
    if (!source) throw new Error(`SKIFF_FORWARD_QUEUES names ${name}, which shared/runtime/sources.ts does not declare`);
    return { name, filters: source.filters, queueUrl };
  });
}

const isStreamEvent = (event: ConsumerEvent): event is DynamoDBStreamEvent =>
  'Records' in event && (event.Records[0] as { eventSource?: string } | undefined)?.eventSource === 'aws:dynamodb';

/**
 * A stream handler that first forwards its batch's records to the other consumers' queues. A
 * record that could not be forwarded is reported as failed, so the stream retries it (the
 * controllers, level-triggered, see it again harmlessly).
 */
export function withForwarding(
  handler: (event: ConsumerEvent) => Promise<DynamoDBBatchResponse>,
  sqs: SQSClient,
  targets: ForwardTarget[],
): (event: ConsumerEvent) => Promise<DynamoDBBatchResponse> {
  if (targets.length === 0) return handler;
  return async (event) => {
    const unsent = isStreamEvent(event) ? await forwardRecords(sqs, event, targets) : [];
    const out = await handler(event);
    const ids = new Set([...out.batchItemFailures.map((f) => f.itemIdentifier), ...unsent]);
    return { batchItemFailures: [...ids].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

/** True when every value `inner` admits at this leaf is one `outer` admits too (exact values and prefixes). */
function leafCovered(outer: Matcher[], inner: Matcher[]): boolean {
  return inner.every((m) => {
    if (typeof m === 'string') return outer.some((o) => o === m || (typeof o === 'object' && 'prefix' in o && m.startsWith(o.prefix)));
    if (typeof m === 'object' && 'prefix' in m) return outer.some((o) => typeof o === 'object' && 'prefix' in o && m.prefix.startsWith(o.prefix));
    return outer.some((o) => JSON.stringify(o) === JSON.stringify(m));
  });
}

/** True when every record `inner` matches is matched by `outer` (judged conservatively: false when unsure). */
export function covers(outer: FilterPattern, inner: FilterPattern): boolean {
  return Object.entries(outer).every(([key, expected]) => {
    const got = inner[key];
    if (got === undefined) return false;
    if (Array.isArray(expected)) return Array.isArray(got) && leafCovered(expected, got);
    return !Array.isArray(got) && covers(expected, got);
  });
}

/**
 * The forwarder's mapping filters: its own, plus each forwarded consumer's pattern that none of
 * them already covers (with the controller-manager's `o#` prefix, none needs adding).
 */
export function forwarderFilters(own: FilterPattern[], forwarded: FilterPattern[][]): FilterPattern[] {
  const out: FilterPattern[] = [];
  const seen = new Set<string>();
  const add = (p: FilterPattern) => {
    if (!seen.has(JSON.stringify(p))) out.push(p);
    seen.add(JSON.stringify(p));
  };
  own.forEach(add);
  for (const pattern of forwarded.flat()) if (!own.some((o) => covers(o, pattern))) add(pattern);
  return out;
}
