/**
 * One clause of a label selector (apimachinery `labels.Requirement`): construction with
 * upstream's validation and messages, matching against a label set, and its string form.
 */
import { SelectorError } from './errors';
import { validateLabelKey, validateLabelValue } from './validation';

/** Operator spellings of apimachinery's `selection.Operator`. */
export type SelectionOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: SelectionOperator;
  readonly values: readonly string[];
}

export type Labels = Readonly<Record<string, string>>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64); BigInt because label values may exceed 2^53. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

function goValue(value: string | readonly string[]): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return `[]string{${value.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** field.Invalid(...).Error(): clients grep for `Invalid value:`. */
function invalid(path: string, value: string | readonly string[], detail: string): string {
  return `${path}: Invalid value: ${goValue(value)}: ${detail}`;
}

/** utilerrors.Aggregate's Error(): a lone error verbatim, several as `[a, b]`. */
function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** Upstream reports a bad key outside NewRequirement with a nil field path, printed `<nil>`. */
export function invalidKeyMessage(key: string): string | undefined {
  const errs = validateLabelKey(key);
  return errs.length === 0 ? undefined : invalid('<nil>', key, errs.join('; '));
}

function operatorErrors(operator: SelectionOperator, values: readonly string[]): string[] {
  switch (operator) {
    case 'in':
    case 'notin':
      return values.length === 0 ? [invalid('values', values, "for 'in', 'notin' operators, values set can't be empty")] : [];
    case '=':
    case '==':
    case '!=':
      return values.length !== 1 ? [invalid('values', values, 'exact-match compatibility requires one single value')] : [];
    case 'exists':
    case '!':
      return values.length !== 0 ? [invalid('values', values, 'values set must be empty for exists and does not exist')] : [];
    case 'gt':
    case 'lt': {
      const errs = values.length !== 1 ? [invalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required")] : [];
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      return errs;
    }
  }
}

/** labels.NewRequirement: validates and builds one requirement, throwing SelectorError. */
export function newRequirement(key: string, operator: SelectionOperator, values: readonly string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = validateLabelKey(key);
  if (keyErrs.length > 0) errs.push(invalid('key', key, keyErrs.join('; ')));
  errs.push(...operatorErrors(operator, values));
  values.forEach((v, i) => {
    const valueErrs = validateLabelValue(v);
    if (valueErrs.length > 0) errs.push(invalid(`values[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  if (errs.length > 0) throw new SelectorError(aggregate(errs));
  return { key, operator, values: [...values] };
}

function compareWithLabel(req: LabelRequirement, labelValue: string): boolean {
  const actual = parseInt64(labelValue);
  if (actual === undefined || req.values.length !== 1) return false;
  const bound = parseInt64(req.values[0]);
  if (bound === undefined) return false;
  return req.operator === 'gt' ? actual > bound : actual < bound;
}

/** Requirement.Matches: note NotIn and != also match objects that lack the label entirely. */
export function requirementMatches(req: LabelRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && req.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return value !== undefined && compareWithLabel(req, value);
  }
}

const OPERATOR_TEXT: Record<SelectionOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** Requirement.String: set values are printed sorted so equal selectors print equally. */
export function requirementToString(req: LabelRequirement): string {
  const prefix = req.operator === '!' ? '!' : '';
  if (req.operator === 'exists' || req.operator === '!') return `${prefix}${req.key}`;
  const values = req.values.length === 1 ? req.values[0] : [...req.values].sort().join(',');
  const body = req.operator === 'in' || req.operator === 'notin' ? `(${values})` : values;
  return `${req.key}${OPERATOR_TEXT[req.operator]}${body}`;
}
