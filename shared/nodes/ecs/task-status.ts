import type { Task } from '@aws-sdk/client-ecs';
import type { Container, ContainerState, ContainerStateTerminated, ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import { Backoff, goDuration } from '../simulated/backoff';
import { normalizeImage } from '../simulated/commands';
import { containerIdOf } from './names';
import { ecsContainer, endingOf, exitCodeOf, nextStartAt, oomKilled, restartsAfter, stopMessage, storedRestarts } from './task-state';

/** What the status of a pod's task is read against, besides the pod and the task. */
export interface TaskStatusContext {
  now: number;
  backoff: Backoff;
  /** The node's address (an EC2 instance's); Fargate tasks report their ENI address as the host's. */
  hostIP?: string;
  /** Tasks of this pod that failed to start (image pulls), for ImagePullBackOff's backoff. */
  startFailures: number;
}

const ts = (d: Date | number | undefined): string | undefined => (d === undefined ? undefined : nowTimestamp(new Date(d)));

/** The task's address from its ENI attachment (awsvpc). */
export function taskIP(task: Task | undefined): string | undefined {
  const eni = task?.attachments?.find((a) => a.type === 'ElasticNetworkInterface');
  return eni?.details?.find((d) => d.name === 'privateIPv4Address')?.value ?? task?.containers?.[0]?.networkInterfaces?.[0]?.privateIpv4Address;
}

const ACTIVE = ['PROVISIONING', 'PENDING', 'ACTIVATING'];
const UP = ['RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING'];

function terminated(task: Task, c: Container): ContainerStateTerminated {
  const ecs = ecsContainer(task, c.name) ?? (task.containers?.length === 1 ? task.containers[0] : undefined);
  const exitCode = oomKilled(ecs) ? 137 : exitCodeOf(ecs);
  const reason = oomKilled(ecs) ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  return {
    exitCode,
    reason,
    ...(ecs?.reason && reason !== 'Completed' ? { message: ecs.reason } : {}),
    startedAt: ts(task.startedAt ?? task.createdAt),
    finishedAt: ts(task.stoppedAt ?? task.executionStoppedAt ?? task.stoppingAt),
    containerID: task.taskArn ? containerIdOf(task.taskArn, c.name) : undefined,
  };
}

/** Whether a container counts as ready: running, and healthy when ECS health-checks it for readiness. */
function ready(task: Task, c: Container): boolean {
  if (!c.readinessProbe?.exec) return true;
  const health = ecsContainer(task, c.name)?.healthStatus ?? task.healthStatus;
  return health === 'HEALTHY';
}

function podKey(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

/**
 * A pod's status from its latest task (undefined: none started yet), as upstream's kubelet reports
 * it: phase, the kubelet's conditions, ENI address, and per container the state, last state,
 * restart count and containerID `ecs://<task-id>/<container>`.
 */
export function podStatusOf(pod: Pod, task: Task | undefined, x: TaskStatusContext): PodStatus {
  const spec = pod.spec ?? { containers: [] };
  const inits = (spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const stored = new Map([...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].map((s) => [s.name, s]));
  const status = task?.lastStatus ?? 'PENDING';
  const ending = task && status === 'STOPPED' ? endingOf(pod, task) : undefined;
  const restarts = task && ending ? restartsAfter(pod, task) : storedRestarts(pod);
  const counting = !!task && ending?.kind === 'exited' && ending.restart && restarts > storedRestarts(pod);
  const due = task && ending ? nextStartAt(pod, task, x.backoff, x.startFailures) : undefined;
  const started = !!task && UP.includes(status);
  const initsDone = started || (ending?.kind === 'exited') || (task !== undefined && status === 'STOPPED' && ending?.kind !== 'not-started');

  const waiting = (c: Container, isInit: boolean): ContainerState => {
    if (ending?.kind === 'not-started') {
      const backoff = due !== undefined && x.now >= (task?.stoppedAt?.getTime() ?? 0) + 1000;
      if (ending.reason === 'ErrImagePull') {
        return backoff ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } } : { waiting: { reason: 'ErrImagePull', message: ending.message } };
      }
      return { waiting: { reason: ending.reason, message: ending.message } };
    }
    if (due !== undefined && x.now < due) {
      return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(due - x.now)} restarting failed container=${c.name} pod=${podKey(pod)}` } };
    }
    return { waiting: { reason: !isInit && inits.length > 0 && !initsDone ? 'PodInitializing' : 'ContainerCreating' } };
  };

  const restarting = ending?.kind === 'exited' && ending.restart;
  const stateOf = (c: Container, isInit: boolean): ContainerState => {
    if (!task) return waiting(c, isInit);
    if (isInit && initsDone) return { terminated: { ...terminated(task, c), exitCode: 0, reason: 'Completed' } };
    if (started) return { running: { startedAt: ts(task.startedAt ?? task.createdAt) } };
    if (status === 'STOPPED' && !restarting && ending?.kind !== 'not-started') return { terminated: terminated(task, c) };
    return waiting(c, isInit);
  };

  const containerStatus = (c: Container, isInit: boolean): ContainerStatus => {
    const state = stateOf(c, isInit);
    const before = stored.get(c.name);
    const lastState = counting && task && !isInit ? { terminated: terminated(task, c) } : (before?.lastState ?? {});
    const id = task?.taskArn && (state.running || state.terminated) ? containerIdOf(task.taskArn, c.name) : undefined;
    const ecs = task ? ecsContainer(task, c.name) : undefined;
    return {
      name: c.name,
      state,
      lastState,
      ready: state.running ? !!task && ready(task, c) : isInit && state.terminated?.exitCode === 0,
      restartCount: isInit ? 0 : restarts,
      image: normalizeImage(c.image ?? '').reference,
      imageID: ecs?.imageDigest ? `${normalizeImage(c.image ?? '').repository}@${ecs.imageDigest}` : '',
      started: !!state.running,
      ...(id ? { containerID: id } : {}),
    };
  };

  const containerStatuses = spec.containers.map((c) => containerStatus(c, false));
  const initContainerStatuses = (spec.initContainers ?? []).map((c) => containerStatus(c, true));
  const phase = phaseOf(pod, task, containerStatuses);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const at = ts(x.now) as string;
  const unready = containerStatuses.filter((s) => !s.ready).map((s) => s.name);
  const readiness = (type: string): PodCondition =>
    terminal
      ? { type, status: 'False', lastTransitionTime: at, reason: 'PodCompleted' }
      : unready.length === 0
        ? { type, status: 'True', lastTransitionTime: at }
        : { type, status: 'False', lastTransitionTime: at, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
  const incomplete = initContainerStatuses.filter((s) => !s.state?.terminated || s.state.terminated.exitCode !== 0).map((s) => s.name);
  const conditions: PodCondition[] = [
    { type: 'PodReadyToStartContainers', status: task && UP.includes(status) ? 'True' : 'False', lastTransitionTime: at },
    incomplete.length === 0 || terminal
      ? { type: 'Initialized', status: 'True', lastTransitionTime: at, ...(terminal ? { reason: 'PodCompleted' } : {}) }
      : { type: 'Initialized', status: 'False', lastTransitionTime: at, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` },
    readiness('Ready'),
    readiness('ContainersReady'),
  ];
  if (ending?.kind === 'disrupted' && !pod.status?.conditions?.some((c) => c.type === 'DisruptionTarget')) {
    conditions.push({ type: 'DisruptionTarget', status: 'True', lastTransitionTime: at, reason: 'TerminationByKubelet', message: ending.message });
  }
  const ip = taskIP(task);
  const hostIP = x.hostIP ?? ip;
  const out: PodStatus = {
    phase,
    conditions,
    ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: pod.status?.startTime ?? ts(task?.createdAt ?? x.now),
    containerStatuses,
    ...(initContainerStatuses.length ? { initContainerStatuses } : {}),
  };
  if (ending?.kind === 'disrupted') Object.assign(out, { reason: 'Terminated', message: `Pod was terminated in response to imminent node shutdown. ${ending.message}` });
  else if (task && status === 'STOPPED' && terminal) Object.assign(out, { message: stopMessage(task) || undefined });
  return out;
}

/** Upstream's phase rules over the mapped containers. */
function phaseOf(pod: Pod, task: Task | undefined, statuses: ContainerStatus[]): string {
  if (!task) return 'Pending';
  const ending = task.lastStatus === 'STOPPED' ? endingOf(pod, task) : undefined;
  if (ending?.kind === 'disrupted') return 'Failed';
  if (ending?.kind === 'exited' && !ending.restart) return ending.succeeded ? 'Succeeded' : 'Failed';
  if (ACTIVE.includes(task.lastStatus ?? 'PENDING') || ending?.kind === 'not-started') return 'Pending';
  // A restarting pod whose containers ran stays Running, as upstream's does in CrashLoopBackOff.
  return statuses.some((s) => s.state?.running || s.lastState?.terminated || (s.restartCount ?? 0) > 0) || ending ? 'Running' : 'Pending';
}
