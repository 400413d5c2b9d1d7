/** core/v1 Events as `kubectl get events` shows them (upstream's printEvent). */
import type { Event } from '../../api/types';
import { age } from './age';
import { col, ColumnDefinition, nameColumn, Printer, view } from './columns';
import { EVENT } from './docs';
import { eventFromEventsV1 } from '../../registry/kinds/event-conversion';

/** Last Seen, First Seen and Count; a series reports its own last observation and count. */
export function eventTimes(event: Event, now: number): { lastSeen: string; firstSeen: string; count: number } {
  const firstSeen = event.firstTimestamp ? age(event.firstTimestamp, now) : age(event.eventTime, now);
  if (event.series) {
    return { lastSeen: age(event.series.lastObservedTime, now), firstSeen, count: event.series.count ?? 0 };
  }
  const lastSeen = event.lastTimestamp ? age(event.lastTimestamp, now) : firstSeen;
  // Singleton events of the events.k8s.io API carry no count.
  return { lastSeen, firstSeen, count: event.count || 1 };
}

/** `kind/name` in lower-case kind, or just the kind when the reference has no name. */
export function eventObject(event: Event): string {
  const kind = (event.involvedObject.kind ?? '').toLowerCase();
  return event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
}

/** `component, host`, falling back to reportingComponent and reportingInstance. */
export function eventSource(event: Event): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

const eventNameColumn: ColumnDefinition = { ...nameColumn, priority: 1 };

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', EVENT.lastTimestamp),
    col('Type', 'string', EVENT.type),
    col('Reason', 'string', EVENT.reason),
    col('Object', 'string', EVENT.involvedObject),
    col('Subobject', 'string', EVENT.fieldPath, 1),
    col('Source', 'string', EVENT.source, 1),
    col('Message', 'string', EVENT.message),
    col('First Seen', 'string', EVENT.firstTimestamp, 1),
    col('Count', 'string', EVENT.count, 1),
    eventNameColumn,
  ],
  cells(obj, now) {
    const event = view<Event>(obj);
    const times = eventTimes(event, now);
    return [
      times.lastSeen,
      event.type ?? '',
      event.reason ?? '',
      eventObject(event),
      event.involvedObject.fieldPath ?? '',
      eventSource(event),
      (event.message ?? '').trim(),
      times.firstSeen,
      times.count,
      event.metadata?.name ?? '',
    ];
  },
};

/**
 * events.k8s.io/v1 Events print as upstream prints them: the same columns as core/v1 (both are
 * the one internal type there). Tables come from the stored core/v1 form; a served-form object is
 * converted first.
 */
export const eventsV1Printer: Printer = {
  columns: eventPrinter.columns,
  cells: (obj, now) => eventPrinter.cells(obj.involvedObject ? obj : eventFromEventsV1(obj), now),
};
