/**
 * events.k8s.io/v1 <-> core/v1 Event, after upstream's conversion (pkg/apis/events/v1/conversion.go):
 * regarding is involvedObject, note is message, reportingController is core's reportingComponent,
 * the deprecated* fields are core's source, firstTimestamp, lastTimestamp and count; eventTime,
 * series, action, reason, related, reportingInstance and type carry over unchanged.
 */
import type { Event, EventsV1Event } from '../../api/types';
import type { KubeObject } from '../resource';

/** Copies the defined values only, so an absent field stays absent on the other side. */
function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** core/v1 (stored) -> events.k8s.io/v1. */
export function eventToEventsV1(obj: KubeObject): KubeObject {
  const e = obj as Event;
  const out: EventsV1Event = defined({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime,
    series: e.series ? { count: e.series.count ?? 0, lastObservedTime: e.series.lastObservedTime ?? '' } : undefined,
    reportingController: e.reportingComponent || undefined,
    reportingInstance: e.reportingInstance || undefined,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count || undefined,
  });
  return out as KubeObject;
}

/** events.k8s.io/v1 -> core/v1 (stored). */
export function eventFromEventsV1(body: unknown): KubeObject {
  const e = (body ?? {}) as EventsV1Event;
  const out: Event = defined({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  });
  return out as KubeObject;
}
