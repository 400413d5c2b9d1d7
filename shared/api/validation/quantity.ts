/**
 * Syntax of apimachinery's `resource.Quantity`, as its ParseQuantity reads it (k8s v1.33): a sign,
 * digits with at most one point, then a suffix that is a binary SI (`Ki`..`Ei`), a decimal SI
 * (`n`, `u`, `m`, `k`, `M`, `G`, `T`, `P`, `E`) or an exponent (`e3`, `E-2`). The messages are
 * upstream's three parse errors, which clients and people recognise.
 */

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

const SUFFIX_CHARS = 'eEinumkKMGTP';
const SUFFIXES = new Set(['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);
const EXPONENT = /^[eE][+-]?[0-9]+$/;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** What parsing a quantity found: an error message, or whether it is below zero. */
export type QuantityCheck = { error: string } | { negative: boolean };

/** Parses a quantity as upstream does (JSON strings are trimmed first, as its UnmarshalJSON does). */
export function checkQuantity(q: string | number): QuantityCheck {
  if (typeof q === 'number') return Number.isFinite(q) ? { negative: q < 0 } : { error: QUANTITY_FORMAT_ERROR };
  const s = q.trim();
  if (s.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  let pos = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    pos++;
  }
  const numStart = pos;
  while (isDigit(s[pos])) pos++;
  let digits = pos - numStart;
  if (s[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (isDigit(s[pos])) pos++;
    digits += pos - denomStart;
  }
  const numberEnd = pos;
  while (pos < s.length && SUFFIX_CHARS.includes(s[pos])) pos++;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (isDigit(s[pos])) pos++;
  if (pos < s.length) return { error: QUANTITY_FORMAT_ERROR };
  const suffix = s.slice(numberEnd);
  if (!SUFFIXES.has(suffix) && !EXPONENT.test(suffix)) return { error: QUANTITY_SUFFIX_ERROR };
  if (digits === 0) return { error: QUANTITY_NUMERIC_ERROR };
  const zero = !/[1-9]/.test(s.slice(numStart, numberEnd));
  return { negative: negative && !zero };
}

/** The parse error of a quantity, undefined when it parses. */
export function quantityError(q: string | number): string | undefined {
  const check = checkQuantity(q);
  return 'error' in check ? check.error : undefined;
}
