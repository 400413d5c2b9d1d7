/**
 * Upstream's ValidateLabels and ValidateLabelSelector (apimachinery metav1 validation): every key
 * and value of matchLabels, and each matchExpression's operator, key and values.
 */
import type { StatusCause } from '../errors';
import { validateLabelKey, validateLabelValue } from '../selectors/validation';
import { forbidden, invalid, required } from './field';

type Requirement = { key?: unknown; operator?: unknown; values?: unknown[] };
type Selector = { matchLabels?: Record<string, unknown>; matchExpressions?: Requirement[] };

/** A label map (metadata.labels, a Service selector, a nodeSelector): each cause names the map. */
export function validateLabels(labels: Record<string, unknown> | undefined, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of validateLabelKey(key)) causes.push(invalid(field, key, msg));
    for (const msg of validateLabelValue(String(value))) causes.push(invalid(field, value, msg));
  }
  return causes;
}

export function validateLabelSelector(selector: Selector | undefined, field: string): StatusCause[] {
  if (!selector) return [];
  const causes = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (values.length === 0) causes.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      causes.push(invalid(`${at}.operator`, expr.operator, 'not a valid selector operator'));
    }
    for (const msg of validateLabelKey(String(expr.key ?? ''))) causes.push(invalid(`${at}.key`, expr.key, msg));
    values.forEach((value, j) => {
      for (const msg of validateLabelValue(String(value))) causes.push(invalid(`${at}.values[${j}]`, value, msg));
    });
  });
  return causes;
}
