import type { Pod } from '../api/types';
import { GATE_PREFIX, NOT_REGISTERED as DEREGISTERED } from '../cloud-controller-manager/names';

/**
 * How long past its deletionTimestamp a pod waits for the lb controller at most, so that a stopped
 * controller never keeps a pod's containers running for ever (ELBv2's largest default delay).
 */
export const DRAIN_WAIT_LIMIT_SECONDS = 300;

/**
 * Whether a deleting pod's containers may be stopped now: a pod behind a load balancer (readiness
 * gates `target-health.skiff.dev/<service>`) waits until every such gate's condition says its
 * targets are deregistered, which the controller writes only after the target group's
 * deregistration delay (draining) ended. A pod never registered (no condition) need not wait.
 */
export function mayStopContainers(pod: Pod, now: Date): boolean {
  if (!pod.metadata?.deletionTimestamp) return true;
  const gates = (pod.spec?.readinessGates ?? []).map((g) => g.conditionType).filter((t) => t.startsWith(GATE_PREFIX));
  if (gates.length === 0) return true;
  const deadline = Date.parse(pod.metadata.deletionTimestamp) + DRAIN_WAIT_LIMIT_SECONDS * 1000;
  if (now.getTime() >= deadline) return true;
  const conditions = pod.status?.conditions ?? [];
  return gates.every((type) => {
    const c = conditions.find((x) => x.type === type);
    return !c || (c.status !== 'True' && c.reason === DEREGISTERED);
  });
}
