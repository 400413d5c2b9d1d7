import type { DynamoDBRecord } from 'aws-lambda';
import { ConflictError } from '../../shared/api/errors';
import { logger } from '../../shared/logging';
import { dispatch, Dispatcher } from '../../shared/runtime/dispatch';
import { decide, observeReconciles, ReconcileReport, TerminalError } from '../../shared/runtime/outcome';
import type { ReconcileResult, Requeuer, WorkKey } from '../../shared/runtime/work';

describe('decide', () => {
  it.each<[string, { result: ReconcileResult } | { error: unknown }, ReturnType<typeof decide>['outcome'], number | undefined]>([
    ['a converged reconcile', { result: {} }, 'done', undefined],
    ['a reconcile that asks to run again', { result: { requeueAfterSeconds: 30 } }, 'requeue', 30],
    ['a requeue after 0 s', { result: { requeueAfterSeconds: 0 } }, 'requeue', 0],
    ['a conflict', { error: new ConflictError({ group: '', resource: 'pods' }, 'web', 'the object has been modified') }, 'retry', undefined],
    ['any other error', { error: new Error('throttled') }, 'retry', undefined],
    ['a terminal error', { error: new TerminalError('spec.foo is not supported') }, 'terminal', undefined],
  ])('decides %s', (_name, settled, outcome, after) => {
    const decision = decide(settled);
    expect(decision.outcome).toBe(outcome);
    expect(decision.requeueAfterSeconds).toBe(after);
  });
});

const record = (seq: string, name: string): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: { SequenceNumber: seq, Keys: { pk: { S: 'o#deployments.apps' }, sk: { S: `default/${name}` } } },
});

describe('dispatch outcomes', () => {
  const d: Dispatcher = {
    route: (r) => [{ resource: 'deployments.apps', namespace: 'default', name: String(r.dynamodb?.Keys?.sk?.S).split('/')[1], controller: 'deployment' }],
    async reconcile(key: WorkKey) {
      if (key.name === 'broken') throw new TerminalError('cannot be reconciled');
      if (key.name === 'flaky') throw new Error('throttled');
      return key.name === 'later' ? { requeueAfterSeconds: 5 } : {};
    },
  };
  const reports: ReconcileReport[] = [];
  observeReconciles((r) => reports.push(r));
  let lines: { level: string; msg: string; fields: Record<string, unknown> }[];
  beforeEach(() => {
    reports.length = 0;
    lines = [];
    logger.setSink((level, msg, fields) => lines.push({ level, msg, fields }));
  });

  it('retries failed keys, reports terminal ones without retrying, and requeues on request', async () => {
    const requeued: [string, number][] = [];
    const requeuer: Requeuer = { after: async (key, seconds) => void requeued.push([key.name, seconds]) };
    const records = [record('1', 'ok'), record('2', 'broken'), record('3', 'flaky'), record('4', 'later')];
    const out = await dispatch('kube-controller-manager', { Records: records }, d, requeuer);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '3' }]);
    expect(requeued).toEqual([['later', 5]]);
    expect(Object.fromEntries(reports.map((r) => [r.key.name, r.decision.outcome]))).toEqual({ ok: 'done', broken: 'terminal', flaky: 'retry', later: 'requeue' });
  });

  it('writes one structured line per reconcile: controller, key, outcome, duration', async () => {
    await dispatch('kube-controller-manager', { Records: [record('1', 'ok'), record('2', 'broken'), record('3', 'flaky')] }, d, undefined);
    // Successes are debug lines (as controller-runtime logs them); the test's level is info.
    expect(lines.map((l) => [l.level, l.msg, l.fields.key, l.fields.outcome])).toEqual(
      expect.arrayContaining([
        ['error', 'reconcile failed, not retrying', 'deployments.apps/default/broken', 'terminal'],
        ['warn', 'reconcile failed', 'deployments.apps/default/flaky', 'retry'],
      ]),
    );
    for (const line of lines) {
      expect(line.fields).toEqual(expect.objectContaining({ consumer: 'kube-controller-manager', controller: 'deployment', durationMs: expect.any(Number) }));
    }
    expect(reports).toHaveLength(3);
  });
});
