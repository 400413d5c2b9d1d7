import type { ContainerState, ContainerStatus, PodCondition, PodStatus } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import { goDuration } from './backoff';
import { imageIdOf, normalizeImage } from './commands';
import { ContainerRun, Sandbox, Termination } from './runtime';

const ts = (ms: number): string => nowTimestamp(new Date(ms));

/**
 * The status a kubelet reports for a sandbox at `now`: phase, the kubelet's conditions, IPs and
 * one status per container. Transition times are the sandbox's own; `mergePodStatus` keeps the
 * stored ones for conditions whose status did not change.
 */
export function sandboxStatus(sb: Sandbox, hostIP: string, now: number): PodStatus {
  const phase = sb.phase();
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const initialized = sb.initialized();
  const unready = sb.containers.filter((c) => !c.running).map((c) => c.name);
  const incomplete = sb.init.filter((c) => c.terminated?.exitCode !== 0).map((c) => c.name);
  const at = ts(now);
  const conditions: PodCondition[] = [
    { type: 'PodReadyToStartContainers', status: terminal ? 'False' : 'True', lastTransitionTime: terminal ? at : ts(sb.createdAt) },
    terminal
      ? { type: 'Initialized', status: 'True', lastTransitionTime: at, reason: 'PodCompleted' }
      : initialized
        ? { type: 'Initialized', status: 'True', lastTransitionTime: at }
        : { type: 'Initialized', status: 'False', lastTransitionTime: at, reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` },
    readiness('Ready', terminal, unready, at),
    readiness('ContainersReady', terminal, unready, at),
  ];
  const podKey = `${sb.pod.name}_${sb.pod.namespace}(${sb.pod.uid})`;
  const status: PodStatus = {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: sb.podIP,
    podIPs: [{ ip: sb.podIP }],
    startTime: ts(sb.startTime),
    containerStatuses: sb.containers.map((c) => containerStatus(c, false, initialized, podKey)),
  };
  if (sb.init.length > 0) status.initContainerStatuses = sb.init.map((c) => containerStatus(c, true, initialized, podKey));
  return status;
}

function readiness(type: string, terminal: boolean, unready: string[], at: string): PodCondition {
  if (terminal) return { type, status: 'False', lastTransitionTime: at, reason: 'PodCompleted' };
  if (unready.length === 0) return { type, status: 'True', lastTransitionTime: at };
  return { type, status: 'False', lastTransitionTime: at, reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };
}

function containerStatus(c: ContainerRun, isInit: boolean, initialized: boolean, podKey: string): ContainerStatus {
  const everStarted = !!(c.running || c.terminated || c.last);
  const status: ContainerStatus = {
    name: c.name,
    state: stateOf(c, isInit, initialized, podKey),
    lastState: c.last ? { terminated: terminatedState(c.last) } : {},
    ready: c.running ? true : isInit && c.terminated?.exitCode === 0,
    restartCount: c.restartCount,
    image: normalizeImage(c.image).reference,
    imageID: everStarted ? imageIdOf(c.image) : '',
    started: !!c.running,
  };
  const id = c.running?.containerID ?? c.terminated?.containerID ?? c.last?.containerID;
  if (id) status.containerID = id;
  return status;
}

function stateOf(c: ContainerRun, isInit: boolean, initialized: boolean, podKey: string): ContainerState {
  if (c.running) return { running: { startedAt: ts(c.running.startedAt) } };
  if (c.terminated) return { terminated: terminatedState(c.terminated) };
  if (c.backoffMs !== undefined) {
    return {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${goDuration(c.backoffMs)} restarting failed container=${c.name} pod=${podKey}`,
      },
    };
  }
  const waitingOnInit = isInit ? c.startAt === undefined : !initialized;
  return { waiting: { reason: waitingOnInit ? 'PodInitializing' : 'ContainerCreating' } };
}

function terminatedState(t: Termination) {
  return {
    exitCode: t.exitCode,
    reason: t.exitCode === 0 ? 'Completed' : 'Error',
    startedAt: ts(t.startedAt),
    finishedAt: ts(t.finishedAt),
    containerID: t.containerID,
  };
}
