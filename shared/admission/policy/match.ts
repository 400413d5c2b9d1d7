/**
 * Whether a policy's matchConstraints (and a binding's matchResources) cover a request, after
 * upstream's generic policy matcher: a resourceRule must match (operations, groups, versions,
 * resources, scope, and resourceNames when given), no excludeResourceRule may, and the namespace
 * and object selectors must select it (as webhooks' do).
 */
import type { MatchResources, NamedRuleWithOperations } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes } from '../attributes';
import { ruleMatches } from '../webhook/rules';
import { selectorsMatch } from '../webhook/selectors';

function namedRuleMatches(rule: NamedRuleWithOperations, attrs: AdmissionAttributes): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length > 0 && !names.includes(attrs.name)) return false;
  return ruleMatches(rule, attrs);
}

export const rulesCover = (m: MatchResources, attrs: AdmissionAttributes): boolean =>
  (m.resourceRules ?? []).some((r) => namedRuleMatches(r, attrs)) && !(m.excludeResourceRules ?? []).some((r) => namedRuleMatches(r, attrs));

export async function matchesRequest(ctx: StrategyContext, m: MatchResources, attrs: AdmissionAttributes): Promise<boolean> {
  if (!rulesCover(m, attrs)) return false;
  return selectorsMatch(ctx, m, attrs);
}

/** A binding without matchResources covers what its policy covers; one with them narrows it (its rules, when it has any, must match too). */
export async function bindingMatches(ctx: StrategyContext, m: MatchResources | undefined, attrs: AdmissionAttributes): Promise<boolean> {
  if (!m) return true;
  if ((m.resourceRules ?? []).length > 0 && !rulesCover(m, attrs)) return false;
  if ((m.excludeResourceRules ?? []).some((r) => namedRuleMatches(r, attrs))) return false;
  return selectorsMatch(ctx, m, attrs);
}
