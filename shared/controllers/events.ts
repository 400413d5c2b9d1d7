import type { Event } from '../api/types';
import { logger } from '../logging';
import type { RestContext } from '../registry/context';
import { recordUpdate } from '../api/fieldmanager/update';
import { prepareCreate } from '../registry/create';
import { storageKey, storedObject } from '../registry/resource';
import { NamespaceGuard } from '../storage/store';
import { nowTimestamp } from '../registry/time';
import { create, R } from './client';

export type EventType = 'Normal' | 'Warning';

/** An event a plan asks for, recorded on the object it is about once the write it reports succeeded. */
export interface PlannedEvent {
  type: EventType;
  reason: string;
  message: string;
}

/** The core/v1 Event upstream's legacy recorder writes: one occurrence, named after the object. */
/** What an event can be about: any object with its identity (a zod view or a stored object). */
export interface Involved {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export function buildEvent(involved: Involved, type: EventType, reason: string, message: string, component: string, now = new Date()): Event {
  const meta = involved.metadata ?? {};
  const at = nowTimestamp(now);
  return {
    metadata: { generateName: `${String(meta.name)}.`, namespace: meta.namespace ?? 'default' },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    },
    reason,
    message,
    type,
    source: { component },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    reportingComponent: component,
    reportingInstance: '',
  };
}

/**
 * Records an event about `involved`. Events are informational: failing to write one is logged and
 * never fails the reconcile that emitted it (as upstream's recorder drops events under pressure).
 */
export async function recordEvent(
  ctx: RestContext,
  involved: Involved,
  type: EventType,
  reason: string,
  message: string,
  component: string,
): Promise<void> {
  await createEvent(ctx, buildEvent(involved, type, reason, message, component));
}

async function createEvent(ctx: RestContext, event: Event): Promise<void> {
  try {
    await create(ctx, R.events, event.metadata?.namespace, event);
  } catch (err) {
    const involved = event.involvedObject;
    logger.warn('could not record event', { reason: event.reason, object: `${String(involved.kind)}/${String(involved.name)}`, error: String(err) });
  }
}

/** Items a transaction may hold (DynamoDB's limit): two per event (it and its change record), one per namespace guard. */
const MAX_ITEMS = 100;

/**
 * Records many events in few transactions (the scheduler's Scheduled events for a whole pass).
 * A transaction that fails (its namespace went away) is retried one event at a time; an event that
 * still cannot be written is logged and dropped, as any event is.
 */
export async function recordEvents(ctx: RestContext, events: Event[], concurrency = 4): Promise<void> {
  const groups: Event[][] = [];
  let group: Event[] = [];
  let namespaces = new Set<string>();
  for (const e of events) {
    const ns = String(e.metadata?.namespace);
    if (2 * (group.length + 1) + namespaces.size + (namespaces.has(ns) ? 0 : 1) > MAX_ITEMS) {
      groups.push(group);
      group = [];
      namespaces = new Set();
    }
    group.push(e);
    namespaces.add(ns);
  }
  if (group.length > 0) groups.push(group);
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++];
      const prepared = group.map((e) => {
        const event = prepareCreate(R.events, storedObject(structuredClone(e)));
        recordUpdate(R.events, undefined, event, ctx.fieldManager);
        return event;
      });
      const namespaces = new Set(prepared.map((e) => String(e.metadata.namespace)));
      try {
        const outcome = await ctx.store.commitBatch(
          prepared.map((obj) => ({ resource: storageKey(R.events), type: 'ADDED', obj, expect: { kind: 'absent' } })),
          { guards: [...namespaces].map((ns) => new NamespaceGuard(ns)) },
        );
        if ('committed' in outcome) continue;
      } catch (err) {
        logger.warn('could not record events together', { count: group.length, error: String(err) });
      }
      for (const e of group) await createEvent(ctx, e);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
}
