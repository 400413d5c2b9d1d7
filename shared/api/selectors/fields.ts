/**
 * Field selectors (apimachinery `pkg/fields`): `?fieldSelector=metadata.name=web,status.phase!=Failed`.
 * Only syntax lives here; which fields a resource supports (and the `field label not supported`
 * error) is the registry's business.
 */
import { SelectorError } from './errors';

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly op: FieldOperator;
  readonly value: string;
}

/** `!=` before `==` before `=`, so `a==b` is not read as field `a` with value `=b`. */
const TERM_OPERATORS = ['!=', '==', '='] as const;

/** Splits on commas that are not backslash-escaped; escapes stay in the terms for unescapeValue. */
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The left side has no escaping: the first operator found splits the term. */
function splitTerm(term: string): [string, (typeof TERM_OPERATORS)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/**
 * fields.UnescapeValue. Upstream prints the offending rune with Go's %v, i.e. as its code point
 * (`unescaped character in value: 61` for '='); we keep that so messages match.
 */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue: the inverse of unescapeFieldValue, for building selector strings. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Parses a field selector into requirements (`==` is normalised to `=`), sorted by raw term as
 * upstream does. Empty terms are ignored, so `''` parses to [] (everything).
 */
export function parseFieldSelector(selector: string): FieldRequirement[] {
  const terms = splitTerms(selector).sort();
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    const [field, op, rawValue] = split;
    requirements.push({ field, op: op === '!=' ? '!=' : '=', value: unescapeFieldValue(rawValue) });
  }
  return requirements;
}

/**
 * Whether an object's field values satisfy every requirement. As upstream, a field the object
 * does not report reads as '' (so `spec.nodeName=` selects unscheduled pods).
 */
export function matchesFields(
  requirements: readonly FieldRequirement[],
  fieldValues: Readonly<Record<string, string>>,
): boolean {
  return requirements.every((r) => {
    const actual = Object.prototype.hasOwnProperty.call(fieldValues, r.field) ? fieldValues[r.field] : '';
    return r.op === '=' ? actual === r.value : actual !== r.value;
  });
}

/** The canonical string form (fields.Selector.String), escaping values. */
export function formatFieldSelector(requirements: readonly FieldRequirement[]): string {
  return requirements.map((r) => `${r.field}${r.op}${escapeFieldValue(r.value)}`).join(',');
}
