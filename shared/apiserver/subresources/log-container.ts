import { BadRequestError } from '../../api/errors';
import type { ContainerStatus, Pod } from '../../api/types';

/**
 * Which container a log request means (upstream's ValidateContainer): the named one, or the
 * only one; a pod with several needs a name.
 */
export function logContainerName(pod: Pod, requested: string | undefined): string {
  const name = String(pod.metadata?.name);
  const spec = pod.spec;
  const all = [...(spec?.initContainers ?? []), ...(spec?.containers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!all.includes(requested)) throw new BadRequestError(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const containers = spec?.containers ?? [];
  if (containers.length === 1) return containers[0].name;
  if (containers.length === 0) throw new BadRequestError(`a container name must be specified for pod ${name}`);
  throw new BadRequestError(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

export function containerStatusOf(pod: Pod, container: string): ContainerStatus | undefined {
  const s = pod.status;
  return [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])].find((c) => c.name === container);
}

/**
 * The run whose output is asked for (the kubelet's validateContainerLogStatus): the current one,
 * the last terminated one, or with `previous` the one before; otherwise the kubelet's message
 * saying why there are no logs (answered as 400, as the API server relays the kubelet's).
 */
export function logContainerID(pod: Pod, container: string, previous: boolean): string {
  const podName = String(pod.metadata?.name);
  const fail = (why: string) => new BadRequestError(`container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} ${why}`);
  const cs = containerStatusOf(pod, container);
  if (!cs) throw fail('is not available');
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  if (previous) {
    if (!last?.containerID) throw new BadRequestError(`previous terminated container ${JSON.stringify(container)} in pod ${JSON.stringify(podName)} not found`);
    return last.containerID;
  }
  if (running) {
    if (!cs.containerID) throw fail('is waiting to start - no logs yet');
    return cs.containerID;
  }
  if (terminated) {
    const id = terminated.containerID || last?.containerID;
    if (!id) throw fail('is terminated');
    return id;
  }
  if (last) {
    if (!last.containerID) throw fail('is terminated');
    return last.containerID;
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw fail("is waiting to start: image can't be pulled");
    if (waiting.reason === 'ImagePullBackOff') throw fail('is waiting to start: trying and failing to pull image');
    throw fail(`is waiting to start: ${waiting.reason ?? ''}`);
  }
  throw fail('is waiting to start - no logs yet');
}

/** Whether the run `containerID` of the container is still running (a follow goes on while it is). */
export function runIsLive(pod: Pod | undefined, container: string, containerID: string): boolean {
  const cs = pod ? containerStatusOf(pod, container) : undefined;
  return !!cs?.state?.running && cs.containerID === containerID;
}
