import { eventFromEventsV1, eventToEventsV1 } from '../../../shared/registry/kinds/event-conversion';
import { legacyEventCauses, strictEventCreateCauses, strictEventUpdateCauses } from '../../../shared/registry/kinds/event-validate';
import type { Event } from '../../../shared/api/types';
import { EventsV1Event } from '../../../shared/api/types';
import type { KubeObject } from '../../../shared/registry/resource';

const v1Event = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default' },
  eventTime: '2026-12-02T08:00:00.000000Z',
  reportingController: 'example.com/operator',
  reportingInstance: 'operator-0',
  action: 'Reconcile',
  reason: 'Synced',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web' },
  note: 'synced the pod',
  type: 'Normal',
};

describe('event conversion', () => {
  it('maps events.k8s.io/v1 fields onto core/v1 names', () => {
    const core = eventFromEventsV1(v1Event) as Event;

    expect(core).toMatchObject({ involvedObject: v1Event.regarding, message: 'synced the pod', reportingComponent: 'example.com/operator', reportingInstance: 'operator-0', action: 'Reconcile', eventTime: v1Event.eventTime });
    expect(core).not.toHaveProperty('regarding');
  });

  it('round-trips an events.k8s.io/v1 event through the stored form', () => {
    const back = eventToEventsV1(eventFromEventsV1(v1Event));

    expect(back).toEqual(v1Event);
    expect(EventsV1Event.safeParse(back).success).toBe(true);
  });

  it('shows core/v1 source, timestamps and count as the deprecated fields', () => {
    const core = { metadata: { name: 'x', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web' }, reason: 'Pulled', message: 'pulled', source: { component: 'kubelet' }, firstTimestamp: '2026-12-02T08:00:00Z', lastTimestamp: '2026-12-02T08:01:00Z', count: 3, type: 'Normal' } as KubeObject;

    expect(eventToEventsV1(core)).toMatchObject({ regarding: { kind: 'Pod', name: 'web' }, note: 'pulled', deprecatedSource: { component: 'kubelet' }, deprecatedFirstTimestamp: '2026-12-02T08:00:00Z', deprecatedLastTimestamp: '2026-12-02T08:01:00Z', deprecatedCount: 3 });
  });
});

describe('event validation', () => {
  const stored = eventFromEventsV1(v1Event) as Event;

  it.each([
    ['eventTime missing', { eventTime: undefined }, 'eventTime', 'Required value'],
    ['type not Normal or Warning', { type: 'Info' }, 'type', 'has invalid value: Info'],
    ['count set', { count: 2 }, 'count', 'needs to be unset'],
    ['series too short', { series: { count: 1, lastObservedTime: v1Event.eventTime } }, 'series.count', 'should be at least 2'],
  ])('refuses an events.k8s.io/v1 create with %s', (_, change, field, message) => {
    const causes = strictEventCreateCauses({ ...stored, ...change } as Event);

    expect(causes).toContainEqual(expect.objectContaining({ field, message: expect.stringContaining(message) }));
  });

  it.each([
    ['reportingController', { reportingComponent: undefined }, 'Required value'],
    ['reportingInstance', { reportingInstance: 'x'.repeat(129) }, 'can have at most 128 characters'],
    ['action', { action: undefined }, 'Required value'],
    ['message', { message: 'x'.repeat(1025) }, 'can have at most 1024 characters'],
  ])('refuses a new-style event without a valid %s, in any group', (field, change, message) => {
    expect(legacyEventCauses({ ...stored, ...change } as Event)).toContainEqual(expect.objectContaining({ field, message: expect.stringContaining(message) }));
  });

  it('accepts a complete events.k8s.io/v1 event', () => {
    expect([...legacyEventCauses(stored), ...strictEventCreateCauses(stored)]).toEqual([]);
  });

  it('refuses a core/v1 event whose involved object is in another namespace', () => {
    const legacy = { metadata: { namespace: 'team-a' }, involvedObject: { namespace: 'team-b' } } as Event;

    expect(legacyEventCauses(legacy)).toEqual([expect.objectContaining({ field: 'involvedObject.namespace', message: 'Invalid value: "team-b": does not match event.namespace' })]);
  });

  it('lets an events.k8s.io/v1 update change only the series', () => {
    const series = { ...stored, series: { count: 2, lastObservedTime: '2026-12-02T08:05:00.000000Z' } } as Event;

    expect(strictEventUpdateCauses(series, stored)).toEqual([]);
    expect(strictEventUpdateCauses({ ...stored, message: 'other' } as Event, stored)).toEqual([expect.objectContaining({ field: 'message', message: expect.stringContaining('field is immutable') })]);
  });
});
