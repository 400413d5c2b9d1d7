import type { PodCondition, PodSpec, PodStatus } from '../api/types';

/**
 * Upstream's kubelet rule for readiness gates (pkg/kubelet/status GeneratePodReadyCondition): a pod
 * whose containers are ready is Ready only once every gate's condition is True; otherwise Ready is
 * False with reason ReadinessGatesNotReady and the message upstream writes.
 */
export function applyReadinessGates(spec: PodSpec | undefined, status: PodStatus, stored?: PodStatus): PodStatus {
  const gates = spec?.readinessGates ?? [];
  const conditions = status.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (gates.length === 0 || !ready || ready.status !== 'True') return status;
  const problems = gates.flatMap((g) => {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) return [`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`];
    return c.status === 'True' ? [] : [`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`];
  });
  if (problems.length === 0) return status;
  // Gated before too: the transition happened then, not now (so an unchanged pod is not rewritten).
  const before = stored?.conditions?.find((c) => c.type === 'Ready');
  const since = before?.status === 'False' && before.lastTransitionTime ? before.lastTransitionTime : ready.lastTransitionTime;
  const gated: PodCondition = { type: 'Ready', status: 'False', lastTransitionTime: since, reason: 'ReadinessGatesNotReady', message: problems.join(', ') };
  return { ...status, conditions: conditions.map((c) => (c.type === 'Ready' ? gated : c)) };
}
