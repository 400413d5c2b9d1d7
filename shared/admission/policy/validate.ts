/**
 * One policy evaluated for one binding and parameter object, after upstream's validator: the
 * policy's matchConditions first (false skips it, an error is a failure under the failurePolicy),
 * then each validation. A validation that is not true fails with its messageExpression's string,
 * else its message, else `failed expression: <expression>`; one that errors (or cannot be compiled
 * here) fails with the error under failurePolicy Fail and is ignored under Ignore.
 */
import type { ValidatingAdmissionPolicySpec, Validation } from '../../api/types';
import { compileExpression, compileProblem, evaluate } from '../../cel/compile';
import { jsonToCel, lazyMap } from '../../cel/values';
import type { Activation } from '../cel-activation';
import { evalError, evaluateMatchConditions } from '../match-conditions';

export interface Decision {
  /** Deny: the validation failed (or erred under failurePolicy Fail). */
  action: 'Deny';
  message: string;
  reason: string;
  /** Index of the validation; undefined for a matchConditions error. */
  index?: number;
}

function run(expression: string, vars: Activation): { value?: unknown; error?: string } {
  const compiled = compileExpression(expression);
  const problem = compileProblem(compiled);
  if (problem || !compiled.program) return { error: `compilation error: ${problem}` };
  const result = evaluate(compiled.program, vars);
  return result.error !== undefined ? { error: evalError(expression, result.error) } : { value: result.value };
}

function failureMessage(v: Validation, vars: Activation): string {
  if (v.messageExpression) {
    const m = run(v.messageExpression, vars);
    if (typeof m.value === 'string' && m.value.trim() !== '' && !m.value.includes('\n')) return m.value;
  }
  return v.message ? v.message.trim() : `failed expression: ${v.expression.trim()}`;
}

/** The activation a binding's parameter object sees: params and the policy's variables (lazy, in order). */
export function withParams(base: Activation, spec: ValidatingAdmissionPolicySpec, param: unknown): Activation {
  const vars: Activation = { ...base, params: param === undefined ? null : jsonToCel(param) };
  vars.variables = lazyMap(
    (spec.variables ?? []).map((v) => [
      v.name,
      () => {
        const r = run(v.expression, vars);
        if (r.error !== undefined) throw new Error(r.error);
        return r.value;
      },
    ]),
  );
  return vars;
}

export interface Outcome {
  decisions: Decision[];
  /** The policy's auditAnnotations that gave a non-empty string: [key, value]. */
  annotations: [string, string][];
}

export function validatePolicy(spec: ValidatingAdmissionPolicySpec, vars: Activation): Outcome {
  const failOpen = spec.failurePolicy === 'Ignore';
  const match = evaluateMatchConditions(spec.matchConditions ?? [], vars, spec.failurePolicy);
  if (match.error !== undefined) return { decisions: [{ action: 'Deny', message: match.error, reason: 'Invalid' }], annotations: [] };
  if (!match.matches) return { decisions: [], annotations: [] };
  const decisions: Decision[] = [];
  (spec.validations ?? []).forEach((v, index) => {
    const result = run(v.expression, vars);
    if (result.error !== undefined) {
      if (!failOpen) decisions.push({ action: 'Deny', message: result.error, reason: 'Invalid', index });
      return;
    }
    if (result.value === true) return;
    decisions.push({ action: 'Deny', message: failureMessage(v, vars), reason: v.reason ?? 'Invalid', index });
  });
  const annotations: [string, string][] = [];
  for (const a of spec.auditAnnotations ?? []) {
    const result = run(a.valueExpression, vars);
    // Upstream: a string is published, null or "" omits the annotation, anything else is an error.
    const error = result.error ?? (result.value === null || typeof result.value === 'string' ? undefined : `valueExpression '${a.valueExpression}' resulted in unsupported return type: ${typeof result.value}`);
    if (error !== undefined) {
      if (!failOpen) decisions.push({ action: 'Deny', message: error, reason: 'Invalid' });
    } else if (typeof result.value === 'string' && result.value !== '') {
      annotations.push([a.key, result.value]);
    }
  }
  return { decisions, annotations };
}
