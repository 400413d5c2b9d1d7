import type { Job } from '../../api/types';
import type { Verdict } from './job-conditions';
import { parseIndexes } from './job-pods';

/**
 * An Indexed Job's successPolicy (upstream's matchSuccessPolicy): the first rule met declares the
 * Job succeeded. A rule with succeededIndexes needs those indexes (or succeededCount of them); a
 * rule with only succeededCount needs that many indexes of any kind.
 */
export function successPolicyVerdict(job: Job, completed: Set<number>): Verdict | undefined {
  const rules = job.spec?.successPolicy?.rules ?? [];
  const completions = job.spec?.completions ?? 0;
  for (const [i, rule] of rules.entries()) {
    const wanted = rule.succeededIndexes !== undefined ? parseIndexes(rule.succeededIndexes, completions) : undefined;
    const done = wanted ? [...wanted].filter((x) => completed.has(x)).length : completed.size;
    const needed = rule.succeededCount ?? wanted?.size ?? completions;
    if (done >= needed && needed > 0) return { reason: 'SuccessPolicy', message: `Matched rules at index ${i}` };
  }
  return undefined;
}
