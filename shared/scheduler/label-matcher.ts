/**
 * Label selectors compiled to predicates once per term or constraint, because affinity and spread
 * evaluate the same selector against thousands of pods per scheduling decision.
 */
import { LabelRequirement, Labels, matchesLabels } from '../api/selectors/labels';

export type LabelMatcher = (labels: Labels) => boolean;

export const MATCH_NOTHING: LabelMatcher = () => false;

const isEquality = (r: LabelRequirement): boolean =>
  r.operator === '=' || r.operator === '==' || (r.operator === 'in' && r.values.length === 1);

/**
 * A predicate equivalent to `matchesLabels(requirements, labels)`; null (a missing selector)
 * matches nothing. Plain `matchLabels` selectors become direct property comparisons.
 */
export function compileLabelMatcher(requirements: readonly LabelRequirement[] | null): LabelMatcher {
  if (requirements === null) return MATCH_NOTHING;
  if (requirements.length === 0) return () => true;
  if (requirements.every(isEquality)) {
    const keys = requirements.map((r) => r.key);
    const values = requirements.map((r) => r.values[0]);
    return (labels) => {
      for (let i = 0; i < keys.length; i++) {
        if (!Object.prototype.hasOwnProperty.call(labels, keys[i]) || labels[keys[i]] !== values[i]) return false;
      }
      return true;
    };
  }
  return (labels) => matchesLabels(requirements, labels);
}
