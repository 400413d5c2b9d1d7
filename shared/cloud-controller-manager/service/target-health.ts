import type { Pod, PodCondition, Service } from '../../api/types';
import { albPorts } from './plan';
import { gateOf } from './targets';
import { targetKey, TargetStates } from '../elb/targets';
import { findPort } from '../../controllers/endpoints/pod-endpoints';

import { NOT_REGISTERED } from '../names';

/**
 * The gate condition a pod should carry for a Service, from its targets' health (one per port):
 * True when every target is healthy; otherwise False with AWS's reason (initial, draining,
 * unhealthy) and, once none of its targets is registered any more, `Target.NotRegistered`.
 * Undefined: the pod has no such gate, or the condition is as it should be.
 */
export function plannedGateCondition(svc: Service, pod: Pod, health: Map<string, TargetStates>, now: string): PodCondition | undefined {
  const type = gateOf(String(svc.metadata?.name));
  if (!(pod.spec?.readinessGates ?? []).some((g) => g.conditionType === type)) return undefined;
  const ip = pod.status?.podIP;
  const states = albPorts(svc).flatMap((port) => {
    const tp = findPort(pod, port);
    const key = port.name || String(port.port);
    const s = ip && tp !== undefined ? health.get(key)?.get(targetKey({ id: ip, port: tp })) : undefined;
    return s ? [s] : [];
  });
  let next: Omit<PodCondition, 'lastTransitionTime'>;
  if (states.length === 0) next = { type, status: 'False', reason: NOT_REGISTERED, message: 'Target is not registered to any target group' };
  else if (states.every((s) => s.state === 'healthy')) next = { type, status: 'True' };
  else {
    const worst = states.find((s) => s.state !== 'healthy') ?? states[0];
    next = { type, status: 'False', reason: worst.reason ?? `Target.${worst.state}`, message: worst.description ?? `Target is ${worst.state}` };
  }
  const current = pod.status?.conditions?.find((c) => c.type === type);
  // A pod never registered and not yet in a group keeps no condition until it is (as the gate's absence says the same).
  if (!current && next.reason === NOT_REGISTERED && !pod.metadata?.deletionTimestamp) return undefined;
  if (current && current.status === next.status && current.reason === next.reason) return undefined;
  return { ...next, lastTransitionTime: current && current.status === next.status ? current.lastTransitionTime : now };
}
