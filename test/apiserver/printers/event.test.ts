import { Event } from '../../../shared/api/types';
import { eventPrinter } from '../../../shared/apiserver/printers/event';
import { MINUTE, SECOND, ago, columnShape, row } from './fixtures';

function event(fields: Record<string, unknown>): Event {
  return Event.parse({
    metadata: { name: 'web.17f1a', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: '  Back-off restarting failed container\n',
    type: 'Warning',
    ...fields,
  });
}

describe('eventPrinter', () => {
  it('declares upstream columns, Name last and wide', () => {
    expect(columnShape(eventPrinter)).toEqual([
      ['Last Seen', 'string', 0],
      ['Type', 'string', 0],
      ['Reason', 'string', 0],
      ['Object', 'string', 0],
      ['Subobject', 'string', 1],
      ['Source', 'string', 1],
      ['Message', 'string', 0],
      ['First Seen', 'string', 1],
      ['Count', 'string', 1],
      ['Name', 'string', 1],
    ]);
    expect(eventPrinter.columns[9].format).toBe('name');
  });

  it('prints every cell of a core/v1 event, the message trimmed and the count an integer', () => {
    const cells = row(
      eventPrinter,
      event({ firstTimestamp: ago(10 * MINUTE), lastTimestamp: ago(30 * SECOND), count: 4, source: { component: 'kubelet', host: 'node-1' } }),
    );

    expect(cells).toEqual({
      'Last Seen': '30s',
      Type: 'Warning',
      Reason: 'BackOff',
      Object: 'pod/web',
      Subobject: 'spec.containers{app}',
      Source: 'kubelet, node-1',
      Message: 'Back-off restarting failed container',
      'First Seen': '10m',
      Count: 4,
      Name: 'web.17f1a',
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['falls back to the first timestamp for Last Seen', { firstTimestamp: ago(5 * MINUTE) }, { 'Last Seen': '5m', 'First Seen': '5m', Count: 1 }],
    [
      'falls back to eventTime for events written through events.k8s.io',
      { eventTime: '2025-06-01T11:58:00.123456Z', reportingComponent: 'default-scheduler', reportingInstance: 'scheduler-0' },
      { 'Last Seen': '119s', 'First Seen': '119s', Count: 1, Source: 'default-scheduler, scheduler-0' },
    ],
    [
      'takes Last Seen and Count from the series',
      { eventTime: ago(20 * MINUTE), count: 2, series: { count: 7, lastObservedTime: '2025-06-01T11:59:15.000000Z' } },
      { 'Last Seen': '45s', 'First Seen': '20m', Count: 7 },
    ],
    ['prints <unknown> without any timestamp', {}, { 'Last Seen': '<unknown>', 'First Seen': '<unknown>' }],
    ['prints only the component when there is no host', { source: { component: 'deployment-controller' } }, { Source: 'deployment-controller' }],
    ['prints the lower-case kind alone for an unnamed object', { involvedObject: { kind: 'Node' } }, { Object: 'node', Subobject: '' }],
  ])('%s', (_, fields, expected) => {
    expect(row(eventPrinter, event(fields))).toMatchObject(expected);
  });
});
