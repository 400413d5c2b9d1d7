import type { Container as EcsContainer, Task } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import { Backoff, restartDelayMs } from '../simulated/backoff';
import { containerIdOf } from './names';

/** How a stopped task ended, as the pod sees it. */
export type Ending =
  /** Its containers ran and exited; `restart` when the restartPolicy wants a new task. */
  | { kind: 'exited'; restart: boolean; succeeded: boolean }
  /** It never started: an image that could not be pulled, or another start failure. Retried with backoff. */
  | { kind: 'not-started'; reason: 'ErrImagePull' | 'CreateContainerError'; message: string }
  /** ECS took the capacity away (a Spot interruption): the pod fails as on a node shutdown. */
  | { kind: 'disrupted'; message: string };

const PULL = /CannotPullContainer|pull image manifest|ImagePull/i;
const SPOT = ['SpotInterruption', 'TerminationNotice'];

/** An essential container's ECS record by name (ECS lists every container; the emulator only the first). */
export const ecsContainer = (task: Task, name: string): EcsContainer | undefined => task.containers?.find((c) => c.name === name);

/** The exit code ECS reports, or the kubelet's convention for a container killed without one (137). */
export function exitCodeOf(c: EcsContainer | undefined): number {
  if (c?.exitCode !== undefined && c.exitCode !== null) return c.exitCode;
  return 137;
}

export const oomKilled = (c: EcsContainer | undefined): boolean => /OutOfMemory/i.test(c?.reason ?? '');

/** The message a stopped task's status carries: stop code and reason as ECS gives them. */
export const stopMessage = (task: Task): string => [task.stopCode, task.stoppedReason].filter(Boolean).join(': ');

/** Classifies a STOPPED task against the pod's restartPolicy. */
export function endingOf(pod: Pod, task: Task): Ending {
  const reasons = [task.stoppedReason ?? '', ...(task.containers ?? []).map((c) => c.reason ?? '')];
  const pull = reasons.find((r) => PULL.test(r));
  if (pull) return { kind: 'not-started', reason: 'ErrImagePull', message: pull };
  if (task.stopCode && SPOT.includes(task.stopCode)) return { kind: 'disrupted', message: stopMessage(task) };
  if (task.stopCode === 'TaskFailedToStart') return { kind: 'not-started', reason: 'CreateContainerError', message: stopMessage(task) };
  const apps = pod.spec?.containers ?? [];
  const succeeded = apps.every((c) => exitCodeOf(ecsContainer(task, c.name) ?? task.containers?.[0]) === 0 && !oomKilled(ecsContainer(task, c.name)));
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const restart = policy === 'Always' || (policy === 'OnFailure' && !succeeded);
  return { kind: 'exited', restart, succeeded };
}

/** The restart count the pod carries (every container of a task restarts with it). */
export function storedRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** Whether the stored status already counted `task`'s exit (its containerID is the last termination's). */
export function counted(pod: Pod, task: Task): boolean {
  const first = pod.spec?.containers?.[0]?.name ?? '';
  const last = pod.status?.containerStatuses?.find((s) => s.name === first)?.lastState?.terminated?.containerID;
  return !!task.taskArn && last === containerIdOf(task.taskArn, first);
}

/** Restarts once `task`'s exit is counted. */
export function restartsAfter(pod: Pod, task: Task): number {
  const ending = endingOf(pod, task);
  if (ending.kind !== 'exited' || !ending.restart) return storedRestarts(pod);
  return storedRestarts(pod) + (counted(pod, task) ? 0 : 1);
}

/**
 * When the pod's next task may start after `task` stopped (epoch ms), or undefined when it must not
 * (the pod is done). Upstream's kubelet backoff: the first restart at once, then 10 s doubling to
 * 5 min; `failures` counts the pod's tasks that did not start (image pulls) for those.
 */
export function nextStartAt(pod: Pod, task: Task, backoff: Backoff, failures: number): number | undefined {
  const ending = endingOf(pod, task);
  const stoppedAt = (task.stoppedAt ?? task.stoppingAt ?? task.createdAt ?? new Date(0)).getTime();
  if (ending.kind === 'disrupted') return undefined;
  if (ending.kind === 'not-started') return stoppedAt + restartDelayMs(failures + 2, backoff);
  if (!ending.restart) return undefined;
  return stoppedAt + restartDelayMs(restartsAfter(pod, task), backoff);
}
