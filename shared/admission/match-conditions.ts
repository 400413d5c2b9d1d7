/**
 * matchConditions of webhooks and admission policies, after upstream's matchconditions matcher:
 * every condition is evaluated; any `false` means no match (even when another one failed); an
 * error with none false applies the failurePolicy: Ignore reads it as no match, Fail returns the
 * error for the caller to refuse the request with.
 */
import { compileExpression, compileProblem, evaluate } from '../cel/compile';
import type { Activation } from './cel-activation';

export interface MatchCondition {
  name: string;
  expression: string;
}

export interface MatchResult {
  matches: boolean;
  /** Set when a condition failed and the failurePolicy is Fail. */
  error?: string;
  /** The condition that evaluated to false. */
  failedCondition?: string;
}

/** Upstream's message for an expression that failed at run time (its CEL filter's). */
export const evalError = (expression: string, why: string): string => `expression '${expression}' resulted in error: ${why}`;

export function evaluateMatchConditions(conditions: MatchCondition[], vars: Activation, failurePolicy: string | undefined): MatchResult {
  const errors: string[] = [];
  for (const condition of conditions) {
    const compiled = compileExpression(condition.expression);
    const problem = compileProblem(compiled);
    if (problem || !compiled.program) {
      errors.push(`compilation failed: ${problem}`);
      continue;
    }
    const result = evaluate(compiled.program, vars);
    if (result.error !== undefined) errors.push(evalError(condition.expression, result.error));
    else if (typeof result.value !== 'boolean') errors.push(evalError(condition.expression, `matchCondition ${condition.name} must evaluate to bool`));
    else if (!result.value) return { matches: false, failedCondition: condition.name };
  }
  if (errors.length === 0) return { matches: true };
  if (failurePolicy === 'Ignore') return { matches: false };
  return { matches: false, error: errors.length === 1 ? errors[0] : `[${errors.join(', ')}]` };
}
