import type { Event } from '../api/types';
import { logger } from '../logging';
import type { RestContext } from '../registry/context';
import type { KubeObject } from '../registry/resource';
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
export function buildEvent(involved: KubeObject, type: EventType, reason: string, message: string, component: string, now = new Date()): Event {
  const meta = involved.metadata;
  const at = nowTimestamp(now);
  return {
    metadata: { generateName: `${String(meta.name)}.`, namespace: meta.namespace ?? 'default' },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      namespace: meta.namespace,
      name: meta.name,
      uid: meta.uid as string | undefined,
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
  involved: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  component: string,
): Promise<void> {
  const event = buildEvent(involved, type, reason, message, component);
  try {
    await create(ctx, R.events, event.metadata?.namespace, event);
  } catch (err) {
    logger.warn('could not record event', { reason, object: `${String(involved.kind)}/${String(involved.metadata.name)}`, error: String(err) });
  }
}
