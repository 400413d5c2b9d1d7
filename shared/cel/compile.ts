/**
 * The one place CEL is compiled and evaluated (cel-js): CRD validation rules, admission policies
 * and webhook match conditions share its environment (standard CEL with macros, optional types,
 * string, list, map, bytes, timestamp and duration functions) and its structural limits. An
 * expression that does not parse is `invalid` (its author's error, refused at write time as upstream
 * refuses it); one that parses but needs a function or overload cel-js lacks is `unsupported`,
 * which every caller treats as fail-closed. Compiled programs are kept by expression text.
 */
import { Environment } from '@marcbachmann/cel-js';

const env = new Environment({
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false,
  enableOptionalTypes: true,
  // Upstream bounds an expression by its estimated cost; cel-js bounds its size and depth instead.
  limits: { maxAstNodes: 10_000, maxDepth: 250 },
});

export type Program = (vars: Record<string, unknown>) => unknown;

export interface Compiled {
  program?: Program;
  /** Why the expression is not valid CEL (a parse error), as the parser said it. */
  invalid?: string;
  /** Why the expression cannot be evaluated here (an unknown function or overload). */
  unsupported?: string;
}

const cache = new Map<string, Compiled>();

export function compileExpression(text: string): Compiled {
  const hit = cache.get(text);
  if (hit) return hit;
  let compiled: Compiled;
  try {
    const check = env.check(text) as { valid: boolean; error?: Error };
    if (!check.valid) {
      const message = (check.error?.message ?? 'unknown error').split('\n')[0];
      compiled = check.error?.name === 'ParseError' ? { invalid: message } : { unsupported: message };
    } else {
      // cel-js declares parse() as returning its internal AST function type; Program is the callable slice of it Skiff uses.
      compiled = { program: env.parse(text) as unknown as Program };
    }
  } catch (err) {
    compiled = { invalid: (err as Error).message.split('\n')[0] };
  }
  cache.set(text, compiled);
  return compiled;
}

/** Why a compiled expression cannot run, in one line; undefined when it can. */
export function compileProblem(c: Compiled): string | undefined {
  if (c.invalid) return c.invalid;
  if (c.unsupported) return `not supported by Skiff's CEL evaluator: ${c.unsupported}`;
  return undefined;
}

export type Evaluation = { value: unknown; error?: undefined } | { error: string; value?: undefined };

/** Runs a program; an evaluation error (no such key, division by zero, a failed conversion) is returned, never thrown. */
export function evaluate(program: Program, vars: Record<string, unknown>): Evaluation {
  try {
    return { value: program(vars) };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}
