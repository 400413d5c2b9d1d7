import type { DynamoDBBatchResponse, DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { logger } from '../logging';
import { ConsumerEvent } from './consumer';
import { isForwardedRecord } from './forward';
import { decide, notifyObservers, ReconcileReport } from './outcome';
import { isWorkEvent, keyString, ReconcileResult, Requeuer, WorkEvent, WorkKey } from './work';

export interface Dispatcher {
  /** Which keys a record should reconcile (an object's own key, its owner, a node's pods...). */
  route(record: DynamoDBRecord): WorkKey[];
  reconcile(key: WorkKey): Promise<ReconcileResult>;
  /** Keys that share a group are reconciled together, by `reconcileGroup`. */
  groupOf?(key: WorkKey): string | undefined;
  reconcileGroup?(keys: WorkKey[]): Promise<ReconcileResult[]>;
  /** Keys to reconcile on a periodic resync. */
  resync?(): Promise<WorkKey[]>;
  /** How many reconciles run at once within a batch. */
  concurrency?: number;
  /** Reports keys whose reconcile failed for good (an event on the object), once let go. */
  onTerminal?(keys: WorkKey[], error: Error): Promise<void>;
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
    for (const r of event.Records) {
      const body: unknown = JSON.parse(r.body);
      // A stream record forwarded by the controller-manager (consumers that do not read the stream).
      if (isForwardedRecord(body)) for (const key of d.route(body.record)) add(key, r.messageId);
      else await collectWork(body as WorkEvent, d, (k) => add(k, r.messageId));
    }
  } else {
    for (const r of event.Records) for (const key of d.route(r)) add(key, r.dynamodb?.SequenceNumber ?? r.eventID ?? '');
  }
  const failed = new Set<string>();
  const units = workUnits([...byKey.values()], d);
  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const unit = units[next++];
      const started = performance.now();
      let settled: ({ result: ReconcileResult } | { error: unknown })[];
      try {
        const results = unit.length === 1 ? [await d.reconcile(unit[0].key)] : await (d.reconcileGroup as NonNullable<Dispatcher['reconcileGroup']>)(unit.map((e) => e.key));
        settled = unit.map((_, i) => ({ result: results[i] ?? {} }));
      } catch (error) {
        // A group fails as one: every key in it (and every record behind them) shares the error.
        settled = unit.map(() => ({ error }));
      }
      const durationMs = Math.round(performance.now() - started);
      for (const [i, { key, ids }] of unit.entries()) {
        const decision = decide(settled[i]);
        if (decision.outcome === 'requeue' && requeuer) await requeuer.after(key, decision.requeueAfterSeconds as number, consumer);
        if (decision.outcome === 'retry') for (const id of ids) failed.add(id);
        report({ consumer, key, decision, durationMs });
        if (decision.outcome === 'terminal') await reportTerminal(consumer, d, key, decision.error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, d.concurrency ?? 8) }, worker));
  return { batchItemFailures: [...failed].filter((id) => id !== '').map((itemIdentifier) => ({ itemIdentifier })) };
}

/** A terminal failure (an object that cannot be processed) goes to the dispatcher's reporter (an event). */
async function reportTerminal(consumer: string, d: Dispatcher, key: WorkKey, error: unknown): Promise<void> {
  try {
    await d.onTerminal?.([key], error instanceof Error ? error : new Error(String(error)));
  } catch (err) {
    logger.warn('reporting a terminal failure failed', { consumer, key: keyString(key), error: (err as Error).message });
  }
}


/**
 * One structured line per reconcile (controller, key, outcome, duration): failures at warn
 * (retried) or error (terminal), successes at debug as controller-runtime logs them
 * (SKIFF_LOG_LEVEL=debug shows every one; the Lambda metrics count every one).
 */
function report(r: ReconcileReport): void {
  const { key, decision } = r;
  const fields = {
    consumer: r.consumer,
    controller: key.controller ?? r.consumer,
    key: `${key.resource}/${key.namespace ? `${key.namespace}/` : ''}${key.name}`,
    outcome: decision.outcome,
    durationMs: r.durationMs,
    ...(decision.requeueAfterSeconds !== undefined ? { requeueAfterSeconds: decision.requeueAfterSeconds } : {}),
    ...(decision.error !== undefined ? { error: decision.error instanceof Error ? (decision.error.stack ?? decision.error.message) : String(decision.error) } : {}),
  };
  if (decision.outcome === 'terminal') logger.error('reconcile failed, not retrying', fields);
  else if (decision.outcome === 'retry') logger.warn('reconcile failed', fields);
  else logger.debug('reconciled', fields);
  notifyObservers(r);
}

/** Each key alone, except keys of one group, which go together (a group of one is just a key). */
function workUnits<E extends { key: WorkKey }>(entries: E[], d: Dispatcher): E[][] {
  const units: E[][] = [];
  const groups = new Map<string, E[]>();
  for (const e of entries) {
    const group = d.reconcileGroup ? d.groupOf?.(e.key) : undefined;
    if (group === undefined) units.push([e]);
    else if (groups.has(group)) (groups.get(group) as E[]).push(e);
    else {
      const unit = [e];
      groups.set(group, unit);
      units.push(unit);
    }
  }
  return units;
}

async function collectWork(event: WorkEvent, d: Dispatcher, add: (k: WorkKey, id: string) => void): Promise<void> {
  for (const key of event.keys) add(key, '');
  if (event.resync && d.resync) for (const key of await d.resync()) add(key, '');
}

function isSqs(event: ConsumerEvent): event is SQSEvent {
  const first = (event as SQSEvent).Records?.[0];
  return !!first && (first as { eventSource?: string }).eventSource === 'aws:sqs';
}
