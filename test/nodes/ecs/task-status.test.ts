import type { Task } from '@aws-sdk/client-ecs';
import { KUBELET_BACKOFF } from '../../../shared/nodes/simulated/backoff';
import { taskOfEvent, TaskStateChangeEvent } from '../../../shared/nodes/ecs/task-event';
import { nextStartAt } from '../../../shared/nodes/ecs/task-state';
import { podStatusOf } from '../../../shared/nodes/ecs/task-status';
import { pod } from './support';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/skiff/4d5e6f0011223344556677889900aabb';
const NOW = Date.parse('2026-12-01T10:00:30Z');
const x = { now: NOW, backoff: KUBELET_BACKOFF, startFailures: 0 };

/** AWS's documented "ECS Task State Change" event, trimmed to the fields the mapping reads. */
function event(detail: Record<string, unknown>): TaskStateChangeEvent {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: '123456789012',
    time: '2026-12-01T10:00:20Z',
    region: 'us-east-1',
    resources: [ARN],
    detail: {
      taskArn: ARN,
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/skiff',
      createdAt: '2026-12-01T10:00:00.000Z',
      desiredStatus: 'RUNNING',
      launchType: 'FARGATE',
      attachments: [{ type: 'eni', id: 'a', status: 'ATTACHED', details: [] }, { type: 'ElasticNetworkInterface', id: 'b', status: 'ATTACHED', details: [{ name: 'subnetId', value: 'subnet-1' }, { name: 'privateIPv4Address', value: '172.31.5.9' }] }],
      ...detail,
    },
  };
}
const task = (detail: Record<string, unknown>): Task => taskOfEvent(event(detail));

describe('podStatusOf', () => {
  it.each([
    ['PROVISIONING', 'Pending', { waiting: { reason: 'ContainerCreating' } }],
    ['PENDING', 'Pending', { waiting: { reason: 'ContainerCreating' } }],
    ['RUNNING', 'Running', { running: { startedAt: '2026-12-01T10:00:10Z' } }],
  ])('maps a %s task to %s with %j', (lastStatus, phase, state) => {
    const s = podStatusOf(pod({}), task({ lastStatus, startedAt: '2026-12-01T10:00:10Z', containers: [{ name: 'app', lastStatus }] }), x);
    expect(s.phase).toBe(phase);
    expect(s.containerStatuses?.[0].state).toEqual(state);
    expect(s.podIP).toBe('172.31.5.9');
    expect(s.hostIP).toBe('172.31.5.9');
  });

  it('reports a running container with its containerID and ready from the health check', () => {
    const p = pod({ containers: [{ name: 'app', image: 'nginx', readinessProbe: { exec: { command: ['true'] } } }] });
    const unhealthy = podStatusOf(p, task({ lastStatus: 'RUNNING', containers: [{ name: 'app', lastStatus: 'RUNNING', healthStatus: 'UNKNOWN' }] }), x);
    expect(unhealthy.containerStatuses?.[0]).toMatchObject({ ready: false, started: true, containerID: 'ecs://4d5e6f0011223344556677889900aabb/app' });
    expect(unhealthy.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    const healthy = podStatusOf(p, task({ lastStatus: 'RUNNING', containers: [{ name: 'app', lastStatus: 'RUNNING', healthStatus: 'HEALTHY' }] }), x);
    expect(healthy.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it.each([
    ['Never', 0, undefined, 'Succeeded', 'Completed', 0],
    ['Never', 1, undefined, 'Failed', 'Error', 1],
    ['OnFailure', 0, undefined, 'Succeeded', 'Completed', 0],
    ['Never', 137, 'OutOfMemoryError: Container killed due to memory usage', 'Failed', 'OOMKilled', 137],
  ])('maps a STOPPED task under %s with exit %i (%s) to %s / %s', (restartPolicy, exitCode, reason, phase, termReason, code) => {
    const s = podStatusOf(
      pod({ restartPolicy }),
      task({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: '2026-12-01T10:00:20Z', containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode, reason }] }),
      x,
    );
    expect(s.phase).toBe(phase);
    expect(s.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: code, reason: termReason, containerID: 'ecs://4d5e6f0011223344556677889900aabb/app' });
    expect(s.message).toBe('EssentialContainerExited: Essential container in task exited');
  });

  it('counts a restart under Always once, with the last state and CrashLoopBackOff from the second failure', () => {
    const stopped = task({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: '2026-12-01T10:00:25Z', containers: [{ name: 'app', exitCode: 1 }] });
    const first = podStatusOf(pod({}), stopped, x);
    expect(first.phase).toBe('Running');
    expect(first.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 1, reason: 'Error' } }, state: { waiting: { reason: 'ContainerCreating' } } });
    const stored = pod({});
    stored.status = first;
    const again = podStatusOf(stored, stopped, x);
    expect(again.containerStatuses?.[0].restartCount).toBe(1);
    // The next task fails too: restart 2 waits 10 s.
    const second = task({ taskArn: `${ARN}2`, lastStatus: 'STOPPED', stoppedAt: '2026-12-01T10:00:28Z', containers: [{ name: 'app', exitCode: 1 }] });
    const looping = podStatusOf(stored, second, x);
    expect(looping.containerStatuses?.[0].restartCount).toBe(2);
    expect(looping.containerStatuses?.[0].state?.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 8s restarting failed container=app pod=web_default(0b6c9a0e-1111-4222-8333-444455556666)' });
    expect(nextStartAt(stored, second, KUBELET_BACKOFF, 0)).toBe(Date.parse('2026-12-01T10:00:38Z'));
    expect(nextStartAt(pod({ restartPolicy: 'Never' }), second, KUBELET_BACKOFF, 0)).toBeUndefined();
  });

  it('maps CannotPullContainerError to ErrImagePull, then ImagePullBackOff, Pending', () => {
    const pull = { lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref docker.io/library/nginx:nope: not found', containers: [{ name: 'app', lastStatus: 'STOPPED' }] };
    const fresh = podStatusOf(pod({}), task({ ...pull, stoppedAt: '2026-12-01T10:00:30Z' }), x);
    expect(fresh.phase).toBe('Pending');
    expect(fresh.containerStatuses?.[0].state?.waiting).toMatchObject({ reason: 'ErrImagePull', message: expect.stringContaining('CannotPullContainerError') });
    const later = podStatusOf(pod({}), task({ ...pull, stoppedAt: '2026-12-01T10:00:20Z' }), x);
    expect(later.containerStatuses?.[0].state?.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx"' });
    expect(later.containerStatuses?.[0].restartCount).toBe(0);
  });

  it('fails a pod whose Spot capacity was reclaimed, with the DisruptionTarget condition', () => {
    const s = podStatusOf(pod({}), task({ lastStatus: 'STOPPED', stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.', containers: [{ name: 'app', exitCode: 143 }] }), x);
    expect(s.phase).toBe('Failed');
    expect(s.reason).toBe('Terminated');
    expect(s.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet', message: 'SpotInterruption: Your Spot Task was interrupted.' });
  });

  it('shows init containers completed once the task runs, and PodInitializing before', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }] });
    const before = podStatusOf(p, task({ lastStatus: 'PENDING' }), x);
    expect(before.containerStatuses?.[0].state?.waiting?.reason).toBe('PodInitializing');
    expect(before.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized' });
    const after = podStatusOf(p, task({ lastStatus: 'RUNNING' }), x);
    expect(after.initContainerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('reports a pod with no task yet as Pending, ContainerCreating, without an IP', () => {
    const s = podStatusOf(pod({}), undefined, x);
    expect(s).toMatchObject({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } }, ready: false, restartCount: 0 }] });
    expect(s.podIP).toBeUndefined();
  });
});
