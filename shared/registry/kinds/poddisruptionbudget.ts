import { sameJson } from '../../api/patch/json';
import type { StatusCause } from '../../api/errors';
import { invalid, notSupported } from '../../api/validation/field';
import { IntOrString, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../../api/validation/intstr';
import { validateLabelSelector } from '../../api/validation/selector';
import { Strategy } from '../resource';

type Spec = { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: Record<string, never>; unhealthyPodEvictionPolicy?: string };

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/**
 * Upstream's ValidatePodDisruptionBudgetSpec: one of minAvailable and maxUnavailable, each a count
 * or a percentage up to 100%, and a valid selector (an update may keep label values that an older
 * server let in, as upstream's AllowInvalidLabelValueInSelector does).
 */
export const podDisruptionBudgetStrategy: Strategy = {
  /** PodDisruptionBudgetStatus's counts are not omitempty upstream: a new budget shows them as 0. */
  prepareForCreate(obj) {
    obj.status ??= { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate(obj, old) {
    const spec = (obj.spec ?? {}) as Spec;
    const causes: StatusCause[] = [];
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      causes.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
    }
    for (const field of ['minAvailable', 'maxUnavailable'] as const) {
      const value = spec[field];
      if (value === undefined) continue;
      causes.push(...validatePositiveIntOrPercent(value, `spec.${field}`), ...validateNotMoreThan100Percent(value, `spec.${field}`));
    }
    const keptSelector = old !== undefined && sameJson((old.spec as Spec | undefined)?.selector, spec.selector);
    if (!keptSelector) causes.push(...validateLabelSelector(spec.selector, 'spec.selector'));
    if (spec.unhealthyPodEvictionPolicy !== undefined && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
      causes.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
    }
    return causes;
  },
};
