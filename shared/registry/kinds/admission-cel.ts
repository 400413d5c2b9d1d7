/**
 * Write-time checks of admission CEL (webhook matchConditions, ValidatingAdmissionPolicy expressions),
 * as upstream's admissionregistration validation makes them: a required expression that must compile
 * (`Invalid value: "<expr>": compilation failed: <why>`), and matchConditions' names (qualified
 * names, unique, at most 64 conditions). An expression that parses but needs a function Skiff's
 * CEL lacks is accepted with a warning and fails closed when evaluated.
 */
import type { StatusCause } from '../../api/errors';
import { validateLabelKey } from '../../api/selectors/validation';
import { compileExpression } from '../../cel/compile';
import { invalid, required, tooMany } from '../../api/validation/field';

export function validateExpression(expression: string | undefined, field: string): StatusCause[] {
  if (!expression) return [required(field)];
  const compiled = compileExpression(expression);
  return compiled.invalid ? [invalid(field, expression, `compilation failed: ${compiled.invalid}`)] : [];
}

/** The warning for an expression Skiff can parse but not evaluate; undefined when it can. */
export function expressionWarning(expression: string | undefined, field: string): string | undefined {
  const compiled = compileExpression(expression ?? '');
  return compiled.unsupported ? `${field}: expression cannot be evaluated by Skiff's CEL evaluator and fails closed: ${compiled.unsupported}` : undefined;
}

export const MAX_MATCH_CONDITIONS = 64;

export function validateMatchConditions(conditions: { name: string; expression: string }[] | undefined, field: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const list = conditions ?? [];
  if (list.length > MAX_MATCH_CONDITIONS) causes.push(tooMany(field, list.length, MAX_MATCH_CONDITIONS));
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const at = `${field}[${i}]`;
    if (!c.name) causes.push(required(`${at}.name`));
    else {
      for (const msg of validateLabelKey(c.name)) causes.push(invalid(`${at}.name`, c.name, msg));
      if (seen.has(c.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(c.name)}`, field: `${at}.name` });
      seen.add(c.name);
    }
    causes.push(...validateExpression(c.expression, `${at}.expression`));
  });
  return causes;
}

export function matchConditionWarnings(conditions: { expression: string }[] | undefined, field: string): string[] {
  return (conditions ?? []).flatMap((c, i) => expressionWarning(c.expression, `${field}[${i}].expression`) ?? []);
}
