import type { ContainerStatus, EphemeralContainer } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import { imageIdOf, normalizeImage } from './commands';
import { containerIdOf } from './runtime';

/**
 * A simulated pod's ephemeral containers (`kubectl debug`): each runs from the moment the kubelet
 * first sees it in the spec until the pod ends, as the kubelet starts them without restarts or
 * probes (so never `ready`). Nothing runs inside them: attach has no stream to offer.
 */
export function ephemeralStatuses(uid: string, specs: EphemeralContainer[], startedAt: Map<string, number>, podDone: boolean, now: number): ContainerStatus[] | undefined {
  if (specs.length === 0) return undefined;
  return specs.map((c) => {
    if (!startedAt.has(c.name) && !podDone) startedAt.set(c.name, now);
    const started = startedAt.get(c.name);
    const image = normalizeImage(c.image ?? '').reference;
    if (started === undefined) return { name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image, imageID: '' };
    const containerID = containerIdOf(uid, c.name, 0);
    const state = podDone
      ? { terminated: { exitCode: 137, reason: 'Error', startedAt: nowTimestamp(new Date(started)), finishedAt: nowTimestamp(new Date(now)), containerID } }
      : { running: { startedAt: nowTimestamp(new Date(started)) } };
    return { name: c.name, state, lastState: {}, ready: false, restartCount: 0, image, imageID: imageIdOf(c.image ?? ''), containerID };
  });
}
