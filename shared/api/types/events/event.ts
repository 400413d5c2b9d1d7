/** events.k8s.io/v1 Event: the same stored objects as core/v1 events, with the newer field names. */
import * as z from 'zod';
import { Int32, MicroTime, ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { ObjectReference } from '../core/common';
import { EventSource } from '../core/event';

export const EventsV1EventSeries = z
  .strictObject({
    count: Int32.describe('Occurrences in the series up to the last heartbeat.'),
    lastObservedTime: MicroTime.describe('When the last occurrence was observed.'),
  })
  .describe('A series of repeated occurrences of one event.');
export type EventsV1EventSeries = z.infer<typeof EventsV1EventSeries>;

export const EventsV1Event = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    eventTime: MicroTime.optional().describe('When the event was first observed. Required.'),
    series: EventsV1EventSeries.optional().describe('Data about the series this event represents; absent for a singleton.'),
    reportingController: z.string().optional().describe('Controller that emitted the event, e.g. kubernetes.io/kubelet. Required for new events.'),
    reportingInstance: z.string().optional().describe('Instance of that controller, e.g. kubelet-xyzf. At most 128 characters.'),
    action: z.string().optional().describe('What was done or failed regarding the object. At most 128 characters.'),
    reason: z.string().optional().describe('Why the action was taken. At most 128 characters.'),
    regarding: ObjectReference.optional().describe('The object this event is about.'),
    related: ObjectReference.optional().describe('A secondary object for more complex actions.'),
    note: z.string().optional().describe('Human-readable description; at most 1kB.'),
    type: z.string().optional().describe('Normal or Warning.'),
    deprecatedSource: EventSource.optional().describe('The core/v1 source, kept for compatibility.'),
    deprecatedFirstTimestamp: Time.optional().describe('The core/v1 firstTimestamp, kept for compatibility.'),
    deprecatedLastTimestamp: Time.optional().describe('The core/v1 lastTimestamp, kept for compatibility.'),
    deprecatedCount: Int32.optional().describe('The core/v1 count, kept for compatibility.'),
  })
  .meta({ description: 'A report of an event somewhere in the cluster (events.k8s.io view of core/v1 Event).', ...gvk('events.k8s.io', 'v1', 'Event') });
export type EventsV1Event = z.infer<typeof EventsV1Event>;
