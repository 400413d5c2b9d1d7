import type { DynamoDBRecord } from 'aws-lambda';
import { ITEM_PREFIX } from '../storage/keys';

/** What a reconcile is given: only the name of an object, never its state (it re-reads that). */
export interface WorkKey {
  /** Group-qualified resource, as the store keys it (`pods`, `deployments.apps`). */
  resource: string;
  namespace?: string;
  name: string;
  /** Which controller the key is for, when several share a consumer. */
  controller?: string;
}

export const keyString = (k: WorkKey): string => `${k.controller ?? ''}:${k.resource}/${k.namespace ?? ''}/${k.name}`;

export interface ReconcileResult {
  /** Run again after this many seconds (backoff, deadlines), even if nothing changes. */
  requeueAfterSeconds?: number;
}

/** Several reconciles' answer as one: run again at the earliest time any of them asked for. */
export function earliestRequeue(results: ReconcileResult[]): ReconcileResult {
  const times = results.flatMap((r) => (r.requeueAfterSeconds === undefined ? [] : [r.requeueAfterSeconds]));
  return times.length === 0 ? {} : { requeueAfterSeconds: Math.min(...times) };
}

/** Names the object a stream record is about; undefined for items that are not objects. */
export function keyOfRecord(record: DynamoDBRecord): WorkKey | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk || sk === undefined || !pk.startsWith(ITEM_PREFIX.object)) return undefined;
  const slash = sk.indexOf('/');
  const namespace = sk.slice(0, slash);
  return { resource: pk.slice(ITEM_PREFIX.object.length), namespace: namespace || undefined, name: sk.slice(slash + 1) };
}

/** Schedules a key to be reconciled again later: an SQS delay queue on AWS, a timer locally. */
export interface Requeuer {
  after(key: WorkKey, seconds: number, consumer: string): Promise<void>;
}

/** The event a requeue or a resync delivers to a consumer's handler (an SQS body on AWS). */
export interface WorkEvent {
  source: 'skiff.work';
  keys: WorkKey[];
  /** A periodic resync: the consumer re-lists what it owns. */
  resync?: boolean;
}

export function isWorkEvent(event: unknown): event is WorkEvent {
  return !!event && typeof event === 'object' && (event as { source?: unknown }).source === 'skiff.work';
}
