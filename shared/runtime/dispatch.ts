import type { DynamoDBBatchResponse, DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { logger } from '../logging';
import { ConsumerEvent } from './consumer';
import { isWorkEvent, keyString, ReconcileResult, Requeuer, WorkEvent, WorkKey } from './work';

export interface Dispatcher {
  /** Which keys a record should reconcile (an object's own key, its owner, a node's pods...). */
  route(record: DynamoDBRecord): WorkKey[];
  reconcile(key: WorkKey): Promise<ReconcileResult>;
  /** Keys to reconcile on a periodic resync. */
  resync?(): Promise<WorkKey[]>;
  /** How many reconciles run at once within a batch. */
  concurrency?: number;
}

/**
 * Level-triggered dispatch: records only name objects, each named key is reconciled once per batch
 * however many records named it, and a failing key fails only the records that named it (reported
 * as batch item failures, so Lambda retries them without blocking the rest of the batch).
 */
export async function dispatch(
  consumer: string,
  event: ConsumerEvent,
  d: Dispatcher,
  requeuer: Requeuer | undefined,
): Promise<DynamoDBBatchResponse> {
  const byKey = new Map<string, { key: WorkKey; ids: string[] }>();
  const add = (key: WorkKey, id: string) => {
    const entry = byKey.get(keyString(key)) ?? { key, ids: [] };
    if (!entry.ids.includes(id)) entry.ids.push(id);
    byKey.set(keyString(key), entry);
  };
  if (isWorkEvent(event)) await collectWork(event, d, add);
  else if (isSqs(event)) {
    for (const r of event.Records) await collectWork(JSON.parse(r.body) as WorkEvent, d, (k) => add(k, r.messageId));
  } else {
    for (const r of event.Records) for (const key of d.route(r)) add(key, r.dynamodb?.SequenceNumber ?? r.eventID ?? '');
  }
  const failed = new Set<string>();
  const entries = [...byKey.values()];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const { key, ids } = entries[next++];
      try {
        const result = await d.reconcile(key);
        if (result.requeueAfterSeconds !== undefined && requeuer) await requeuer.after(key, result.requeueAfterSeconds, consumer);
      } catch (err) {
        logger.warn('reconcile failed', { consumer, key: keyString(key), error: (err as Error).stack ?? String(err) });
        for (const id of ids) failed.add(id);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, d.concurrency ?? 8) }, worker));
  return { batchItemFailures: [...failed].filter((id) => id !== '').map((itemIdentifier) => ({ itemIdentifier })) };
}

async function collectWork(event: WorkEvent, d: Dispatcher, add: (k: WorkKey, id: string) => void): Promise<void> {
  for (const key of event.keys) add(key, '');
  if (event.resync && d.resync) for (const key of await d.resync()) add(key, '');
}

function isSqs(event: ConsumerEvent): event is SQSEvent {
  const first = (event as SQSEvent).Records?.[0];
  return !!first && (first as { eventSource?: string }).eventSource === 'aws:sqs';
}
