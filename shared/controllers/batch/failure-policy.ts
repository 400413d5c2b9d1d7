import type { Job, Pod } from '../../api/types';

export type FailureAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface FailureMatch {
  action: FailureAction;
  /** Upstream's message for a FailJob match (the Job's Failed condition carries it). */
  message?: string;
}

/**
 * The first rule of the Job's podFailurePolicy that a failed pod matches (upstream's
 * matchPodFailurePolicy); Count when there is no policy or no rule matches.
 */
export function matchFailurePolicy(job: Job, pod: Pod): FailureMatch {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  const ref = `${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`;
  for (const [i, rule] of rules.entries()) {
    const action = rule.action as FailureAction;
    if (rule.onExitCodes) {
      const { containerName, operator, values } = rule.onExitCodes;
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      const hit = statuses.find((c) => {
        const code = c.state?.terminated?.exitCode;
        // Containers that succeeded never match (upstream skips exit code 0).
        if (code === undefined || code === 0) return false;
        if (containerName && c.name !== containerName) return false;
        return operator === 'In' ? values.includes(code) : !values.includes(code);
      });
      if (hit) {
        const code = hit.state?.terminated?.exitCode;
        return { action, message: `Container ${hit.name} for pod ${ref} failed with exit code ${code} matching ${action} rule at index ${i}` };
      }
    }
    if (rule.onPodConditions) {
      const hit = rule.onPodConditions.find((p) => (pod.status?.conditions ?? []).some((c) => c.type === p.type && c.status === (p.status ?? 'True')));
      if (hit) return { action, message: `Pod ${ref} has condition ${hit.type} matching ${action} rule at index ${i}` };
    }
  }
  return { action: 'Count' };
}
