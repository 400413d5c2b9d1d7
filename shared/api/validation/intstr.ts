/**
 * IntOrString rules of upstream's apps and policy validation: counts or percentages
 * (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent) and port numbers or names.
 */
import type { StatusCause } from '../errors';
import { invalid } from './field';
import { validatePortName } from './ports';

const PERCENT = /^[0-9]+%$/;
const PERCENT_ERROR =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

export type IntOrString = number | string;

/** A non-negative integer, or a percentage such as `25%`. */
export function validatePositiveIntOrPercent(value: IntOrString, field: string): StatusCause[] {
  if (typeof value === 'string') return PERCENT.test(value) ? [] : [invalid(field, value, PERCENT_ERROR)];
  if (typeof value === 'number' && Number.isInteger(value)) return value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
  return [invalid(field, value, "must be an integer or percentage (e.g '5%')")];
}

/** A percentage above 100% is refused; integers and malformed strings are someone else's check. */
export function validateNotMoreThan100Percent(value: IntOrString, field: string): StatusCause[] {
  if (typeof value !== 'string' || !PERCENT.test(value)) return [];
  return Number(value.slice(0, -1)) > 100 ? [invalid(field, value, 'must not be greater than 100%')] : [];
}

/** The integer an IntOrString stands for when it is a valid count or percentage (percent of 100 for a percentage). */
export function intOrPercentValue(value: IntOrString): number | undefined {
  if (typeof value === 'number') return value;
  return PERCENT.test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** A port as a number (1-65535) or an IANA service name (a container port's name). */
export function validatePortNumOrName(value: IntOrString, field: string): StatusCause[] {
  if (typeof value === 'number') return value >= 1 && value <= 65535 ? [] : [invalid(field, value, 'must be between 1 and 65535, inclusive')];
  return validatePortName(value).map((m) => invalid(field, value, m));
}
