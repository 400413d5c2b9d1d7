/**
 * Label selectors (apimachinery `pkg/labels`): the string syntax of `?labelSelector=` and
 * `kubectl -l`, plus metav1.LabelSelector objects. Parsing throws SelectorError, which the API
 * layer turns into a 400 BadRequest.
 */
import { parseLabelRequirements } from './label-parser';
import { LabelRequirement, Labels, requirementMatches, requirementToString } from './label-requirement';

export type { LabelRequirement, Labels, SelectionOperator } from './label-requirement';
export type { LabelSelector, LabelSelectorRequirement } from './label-selector';
export { labelSelectorToRequirements, matchesLabelSelector, formatLabelSelector } from './label-selector';
export { validateLabelKey, validateLabelValue } from './validation';
export { SelectorError } from './errors';

/** Parses `a=b,c in (x,y),!d,e>3` into requirements sorted by key; `''` parses to [] (everything). */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return parseLabelRequirements(selector);
}

/**
 * Whether `labels` satisfy every requirement. Accepts a selector string (parsed, may throw
 * SelectorError) or already-parsed requirements; an empty selector matches every object.
 */
export function matchesLabels(
  selector: string | readonly LabelRequirement[],
  labels: Labels | null | undefined,
): boolean {
  const requirements = typeof selector === 'string' ? parseLabelRequirements(selector) : selector;
  const present = labels ?? {};
  return requirements.every((r) => requirementMatches(r, present));
}

/** The canonical string of parsed requirements (upstream's Selector.String). */
export function formatLabelRequirements(requirements: readonly LabelRequirement[]): string {
  return requirements.map(requirementToString).join(',');
}
