import { sameJson } from '../../api/patch/json';
import { matchesLabelSelector } from '../../api/selectors/labels';
import type { ClusterRole, PolicyRule } from '../../api/types';

/**
 * The rules an aggregated ClusterRole should hold (upstream's clusterrole-aggregation controller):
 * the rules of every other ClusterRole any of its selectors matches, in name order, each rule once.
 * Returns undefined for a role without an aggregationRule (its rules are its own).
 */
export function aggregatedRules(role: ClusterRole, all: ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!selectors) return undefined;
  const rules: PolicyRule[] = [];
  const sources = all
    .filter((other) => other.metadata?.name !== role.metadata?.name)
    .filter((other) => selectors.some((s) => safeMatches(s, other.metadata?.labels)))
    .sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  for (const source of sources) for (const rule of source.rules ?? []) if (!rules.some((r) => sameJson(r, rule))) rules.push(rule);
  return rules;
}

function safeMatches(selector: Parameters<typeof matchesLabelSelector>[0], labels: Record<string, string> | undefined): boolean {
  try {
    return matchesLabelSelector(selector, labels);
  } catch {
    return false;
  }
}

/** Each aggregated role whose rules differ from what its selectors gather, with the rules it should hold. */
export function aggregationPlan(all: ClusterRole[]): { name: string; rules: PolicyRule[] }[] {
  const plan: { name: string; rules: PolicyRule[] }[] = [];
  for (const role of all) {
    const rules = aggregatedRules(role, all);
    if (rules && !sameJson(rules, role.rules ?? [])) plan.push({ name: String(role.metadata?.name), rules });
  }
  return plan;
}
