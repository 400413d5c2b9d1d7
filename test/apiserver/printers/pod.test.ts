import { Pod } from '../../../shared/api/types';
import { podPrinter } from '../../../shared/apiserver/printers/pod';
import { HOUR, MINUTE, SECOND, ago, columnShape, containerStatus as cs, row } from './fixtures';

type PodFields = { spec?: Record<string, unknown>; status?: Record<string, unknown>; metadata?: Record<string, unknown> };

function pod(fields: PodFields = {}): Pod {
  return Pod.parse({
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(5 * MINUTE), ...fields.metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...fields.spec },
    status: fields.status,
  });
}

const running = { running: { startedAt: ago(HOUR) } };
const ready = (name = 'app') => cs(name, { ready: true, started: true, state: running });
const twoContainers = { containers: [{ name: 'app' }, { name: 'sidecar' }] };
const twoInits = { initContainers: [{ name: 'migrate' }, { name: 'seed' }] };

describe('podPrinter', () => {
  it('declares upstream v1.33 columns, Restarts as a string column', () => {
    expect(columnShape(podPrinter)).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
    expect(podPrinter.columns[0].format).toBe('name');
  });

  it.each<[string, PodFields, [string, string, string]]>([
    ['shows Pending for a pod without container statuses', { status: { phase: 'Pending' } }, ['0/1', 'Pending', '0']],
    ['shows an empty status for a pod with no status at all', {}, ['0/1', '', '0']],
    ['shows Running for a ready container', { status: { phase: 'Running', containerStatuses: [ready()] } }, ['1/1', 'Running', '0']],
    [
      'shows the waiting reason of a container being created',
      { status: { phase: 'Pending', containerStatuses: [cs('app', { state: { waiting: { reason: 'ContainerCreating' } } })] } },
      ['0/1', 'ContainerCreating', '0'],
    ],
    [
      'shows ErrImagePull',
      { status: { phase: 'Pending', containerStatuses: [cs('app', { state: { waiting: { reason: 'ErrImagePull' } } })] } },
      ['0/1', 'ErrImagePull', '0'],
    ],
    [
      'shows CrashLoopBackOff with restarts and when the container last terminated',
      {
        status: {
          phase: 'Running',
          containerStatuses: [
            cs('app', {
              restartCount: 5,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(3 * MINUTE) } },
            }),
          ],
        },
      },
      ['0/1', 'CrashLoopBackOff', '5 (3m ago)'],
    ],
    [
      'shows Completed for a succeeded pod',
      { status: { phase: 'Succeeded', containerStatuses: [cs('app', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })] } },
      ['0/1', 'Completed', '0'],
    ],
    [
      'shows the terminated reason Error',
      { status: { phase: 'Failed', containerStatuses: [cs('app', { state: { terminated: { exitCode: 1, reason: 'Error' } } })] } },
      ['0/1', 'Error', '0'],
    ],
    [
      'shows Signal:N for a container killed without a reason',
      { status: { phase: 'Failed', containerStatuses: [cs('app', { state: { terminated: { exitCode: 137, signal: 9 } } })] } },
      ['0/1', 'Signal:9', '0'],
    ],
    [
      'shows ExitCode:N for a container that exited without a reason',
      { status: { phase: 'Failed', containerStatuses: [cs('app', { state: { terminated: { exitCode: 3 } } })] } },
      ['0/1', 'ExitCode:3', '0'],
    ],
    [
      'shows Init:0/2 while the first init container runs',
      { spec: twoInits, status: { phase: 'Pending', initContainerStatuses: [cs('migrate', { state: running }), cs('seed')] } },
      ['0/1', 'Init:0/2', '0'],
    ],
    [
      'shows Init:1/2 once the first init container completed',
      {
        spec: twoInits,
        status: {
          phase: 'Pending',
          initContainerStatuses: [cs('migrate', { state: { terminated: { exitCode: 0, reason: 'Completed' } } }), cs('seed', { state: running })],
        },
      },
      ['0/1', 'Init:1/2', '0'],
    ],
    [
      'treats a PodInitializing wait like any other pending init container',
      { spec: twoInits, status: { phase: 'Pending', initContainerStatuses: [cs('migrate', { state: { waiting: { reason: 'PodInitializing' } } })] } },
      ['0/1', 'Init:0/2', '0'],
    ],
    [
      'shows Init:Error for a failed init container',
      { spec: twoInits, status: { phase: 'Pending', initContainerStatuses: [cs('migrate', { state: { terminated: { exitCode: 1, reason: 'Error' } } })] } },
      ['0/1', 'Init:Error', '0'],
    ],
    [
      'shows Init:ExitCode:N for an init container that failed without a reason',
      { spec: twoInits, status: { phase: 'Pending', initContainerStatuses: [cs('migrate', { state: { terminated: { exitCode: 2 } } })] } },
      ['0/1', 'Init:ExitCode:2', '0'],
    ],
    [
      'shows Init:Signal:N for an init container killed without a reason',
      { spec: twoInits, status: { phase: 'Pending', initContainerStatuses: [cs('migrate', { state: { terminated: { exitCode: 143, signal: 15 } } })] } },
      ['0/1', 'Init:Signal:15', '0'],
    ],
    [
      'shows Init:CrashLoopBackOff with the init container restarts',
      {
        spec: twoInits,
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            cs('migrate', {
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1, finishedAt: ago(30 * SECOND) } },
            }),
          ],
          containerStatuses: [cs('app', { restartCount: 7, state: { waiting: { reason: 'PodInitializing' } } })],
        },
      },
      ['0/1', 'Init:CrashLoopBackOff', '4 (30s ago)'],
    ],
    [
      'shows Running when a completed container sits next to a running one and the pod is Ready',
      {
        spec: twoContainers,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [ready('app'), cs('sidecar', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })],
        },
      },
      ['1/2', 'Running', '0'],
    ],
    [
      'shows NotReady when a completed container sits next to a running one and the pod is not Ready',
      {
        spec: twoContainers,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [ready('app'), cs('sidecar', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })],
        },
      },
      ['1/2', 'NotReady', '0'],
    ],
    [
      'counts a started sidecar init container towards Ready',
      {
        spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [cs('proxy', { ready: true, started: true, restartCount: 2, state: running })],
          containerStatuses: [ready()],
        },
      },
      ['2/2', 'Running', '2'],
    ],
    [
      'adds up restarts of all containers and shows the latest termination',
      {
        spec: twoContainers,
        status: {
          phase: 'Running',
          containerStatuses: [
            cs('app', { ready: true, restartCount: 2, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(10 * MINUTE) } } }),
            cs('sidecar', { ready: true, restartCount: 1, state: running, lastState: { terminated: { exitCode: 1, finishedAt: ago(2 * HOUR) } } }),
          ],
        },
      },
      ['2/2', 'Running', '3 (10m ago)'],
    ],
    [
      'shows Terminating for a pod being deleted',
      { metadata: { deletionTimestamp: ago(SECOND) }, status: { phase: 'Running', containerStatuses: [ready()] } },
      ['1/1', 'Terminating', '0'],
    ],
    [
      'shows Unknown for a pod being deleted on a lost node',
      { metadata: { deletionTimestamp: ago(SECOND) }, status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [ready()] } },
      ['1/1', 'Unknown', '0'],
    ],
    [
      'keeps the terminal status of a finished pod being deleted',
      {
        metadata: { deletionTimestamp: ago(SECOND) },
        status: { phase: 'Succeeded', containerStatuses: [cs('app', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })] },
      },
      ['0/1', 'Completed', '0'],
    ],
    ['shows the pod reason, e.g. Evicted', { status: { phase: 'Failed', reason: 'Evicted' } }, ['0/1', 'Evicted', '0']],
    [
      'shows SchedulingGated for a pod held by scheduling gates',
      { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } },
      ['0/1', 'SchedulingGated', '0'],
    ],
  ])('%s', (_, fields, [readyCell, statusCell, restartsCell]) => {
    const cells = row(podPrinter, pod(fields));

    expect([cells.Ready, cells.Status, cells.Restarts]).toEqual([readyCell, statusCell, restartsCell]);
  });

  it('fills the wide columns with <none> for an unscheduled pod', () => {
    const cells = row(podPrinter, pod({ status: { phase: 'Pending' } }));

    expect(cells).toMatchObject({ Name: 'web', Age: '5m', IP: '<none>', Node: '<none>', 'Nominated Node': '<none>', 'Readiness Gates': '<none>' });
  });

  it('fills the wide columns of a scheduled pod and counts met readiness gates', () => {
    const cells = row(
      podPrinter,
      pod({
        spec: { nodeName: 'node-1', readinessGates: [{ conditionType: 'lb/ready' }, { conditionType: 'lb/synced' }] },
        status: {
          phase: 'Running',
          nominatedNodeName: 'node-2',
          podIP: '10.0.0.7',
          podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }],
          conditions: [{ type: 'lb/ready', status: 'True' }, { type: 'lb/synced', status: 'False' }],
        },
      }),
    );

    expect(cells).toMatchObject({ IP: '10.0.0.7', Node: 'node-1', 'Nominated Node': 'node-2', 'Readiness Gates': '1/2' });
  });

  it('takes the IP from podIPs when podIP is unset', () => {
    const cells = row(podPrinter, pod({ status: { phase: 'Running', podIPs: [{ ip: 'fd00::7' }] } }));

    expect(cells.IP).toBe('fd00::7');
  });
});
