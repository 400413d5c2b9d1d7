/**
 * metav1.LabelSelector (the structured form used in Deployment/ReplicaSet/Service-like specs):
 * conversion to requirements, matching, and the `kubectl describe` string form.
 */
import { SelectorError } from './errors';
import { LabelRequirement, Labels, newRequirement, requirementMatches, requirementToString, SelectionOperator } from './label-requirement';

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

const EXPRESSION_OPERATORS: Readonly<Record<string, SelectionOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

const byKey = (a: LabelRequirement, b: LabelRequirement): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * metav1.LabelSelectorAsSelector for a present selector: matchLabels become `key=value`,
 * matchExpressions keep their operator; sorted by key. An empty selector yields [] (matches
 * everything). Throws SelectorError for an unknown operator or invalid keys/values.
 */
export function labelSelectorToRequirements(selector: LabelSelector): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push(newRequirement(key, '=', [value]));
  }
  for (const expr of selector.matchExpressions ?? []) {
    const operator = EXPRESSION_OPERATORS[expr.operator];
    if (!operator) throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
    requirements.push(newRequirement(expr.key, operator, expr.values ?? []));
  }
  return requirements.sort(byKey);
}

/**
 * Whether `labels` satisfy a metav1.LabelSelector. A missing selector (null/undefined) matches
 * nothing and an empty one (`{}`) matches everything, as upstream's Nothing()/Everything().
 * Throws SelectorError for an invalid selector rather than guessing.
 */
export function matchesLabelSelector(
  selector: LabelSelector | null | undefined,
  labels: Labels | null | undefined,
): boolean {
  if (selector === null || selector === undefined) return false;
  const present = labels ?? {};
  return labelSelectorToRequirements(selector).every((r) => requirementMatches(r, present));
}

/**
 * metav1.FormatLabelSelector: e.g. `app=nginx,tier in (a,b)`; `<none>` for a missing or empty
 * selector and `<error>` for an invalid one, exactly as `kubectl describe` prints them.
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  if (selector === null || selector === undefined) return '<none>';
  let requirements: LabelRequirement[];
  try {
    requirements = labelSelectorToRequirements(selector);
  } catch (err) {
    if (err instanceof SelectorError) return '<error>';
    throw err;
  }
  const text = requirements.map(requirementToString).join(',');
  return text.length === 0 ? '<none>' : text;
}
