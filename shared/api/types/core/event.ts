/** core/v1 Event, the kind `kubectl describe` and `kubectl get events` read. */
import * as z from 'zod';
import { Int32, MicroTime, ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { ObjectReference } from './common';

export const EventSource = z
  .strictObject({
    component: z.string().optional().describe('Component that reported the event, e.g. kubelet.'),
    host: z.string().optional().describe('Node the event was reported on.'),
  })
  .describe('Who reported an event.');
export type EventSource = z.infer<typeof EventSource>;

export const EventSeries = z
  .strictObject({
    count: Int32.optional().describe('Occurrences so far in the series.'),
    lastObservedTime: MicroTime.optional().describe('When the last occurrence was seen.'),
  })
  .describe('A series of repeated events.');
export type EventSeries = z.infer<typeof EventSeries>;

export const Event = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    involvedObject: ObjectReference.describe('The object the event is about.'),
    reason: z.string().optional().describe('Short CamelCase reason, e.g. Scheduled or BackOff.'),
    message: z.string().optional().describe('Human-readable description.'),
    source: EventSource.optional().describe('Component and host that reported the event.'),
    firstTimestamp: Time.optional().describe('When the event was first recorded.'),
    lastTimestamp: Time.optional().describe('When the most recent occurrence was recorded.'),
    count: Int32.optional().describe('How often the event has occurred.'),
    type: z.string().optional().describe('Normal or Warning.'),
    eventTime: MicroTime.optional().describe('When the event first happened, with microseconds.'),
    series: EventSeries.optional().describe('Data about repeated occurrences; absent for a single event.'),
    action: z.string().optional().describe('What was done or failed, e.g. Binding.'),
    related: ObjectReference.optional().describe('A secondary object involved, if any.'),
    reportingComponent: z.string().optional().describe(
      'Controller that emitted the event, e.g. kubernetes.io/kubelet.',
    ),
    reportingInstance: z.string().optional().describe('Instance of that controller, e.g. kubelet-xyzf.'),
  })
  .meta({ description: 'A report of something that happened in the cluster.', ...gvk('', 'v1', 'Event') });
export type Event = z.infer<typeof Event>;
