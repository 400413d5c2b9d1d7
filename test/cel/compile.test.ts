import { compileExpression, compileProblem, evaluate, Program } from '../../shared/cel/compile';
import { celToJson, jsonToCel, lazyMap } from '../../shared/cel/values';

const run = (text: string, vars: Record<string, unknown>) => {
  const c = compileExpression(text);
  if (!c.program) throw new Error(compileProblem(c));
  return evaluate(c.program, vars);
};

describe('shared CEL', () => {
  it.each([
    ['object.spec.replicas <= 5', { spec: { replicas: 6 } }, false],
    ['object.spec.replicas <= 5', { spec: { replicas: 5 } }, true],
    ['object.spec.ratio < 2.0', { spec: { ratio: 1.5 } }, true],
    ['has(object.spec.paused)', { spec: {} }, false],
    ['object.metadata.?labels.?env.orValue("none") == "none"', { metadata: {} }, true],
    ['object.spec.containers.all(c, c.image.startsWith("registry.example/"))', { spec: { containers: [{ image: 'registry.example/a' }] } }, true],
  ])('%s', (text, object, want) => {
    expect(run(text, { object: jsonToCel(object) })).toEqual({ value: want });
  });

  it('tells parse errors from functions it lacks', () => {
    expect(compileExpression('object.spec.replicas <=').invalid).toMatch(/Unexpected token/);
    const c = compileExpression('object.spec.replicas.frobnicate()');
    expect(c.invalid).toBeUndefined();
    expect(compileProblem(c)).toMatch(/^not supported by Skiff's CEL evaluator: .*frobnicate/);
  });

  it('returns evaluation errors instead of throwing', () => {
    expect(run('object.spec.missing == 1', { object: { spec: {} } }).error).toMatch(/No such key: missing/);
    expect(run('1 / object.n == 1', { object: { n: 0n } }).error).toMatch(/division by zero/);
  });

  it('converts results back to JSON', () => {
    expect(celToJson({ a: 1n, b: [2n, 'x'], c: new Map([['k', 3n]]) })).toEqual({ a: 1, b: [2, 'x'], c: { k: 3 } });
  });

  it('computes lazy entries once, on first read', () => {
    let calls = 0;
    const variables = lazyMap([
      ['n', () => ++calls],
      ['bad', () => { throw new Error('boom'); }],
    ]);
    const p = compileExpression('variables.n + variables.n == 2').program as Program;
    expect(evaluate(p, { variables })).toEqual({ value: true });
    expect(calls).toBe(1);
    expect(run('variables.bad == 1', { variables }).error).toBe('boom');
    expect(run('variables.n == 1', { variables }).value).toBe(true);
  });
});
