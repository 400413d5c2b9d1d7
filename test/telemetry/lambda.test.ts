import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../../shared/logging';
import { dispatch } from '../../shared/runtime/dispatch';
import { TerminalError } from '../../shared/runtime/outcome';
import { lambdaTelemetry, METRICS_NAMESPACE } from '../../shared/telemetry/lambda';

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'skiff-controller-manager',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:skiff-controller-manager',
  memoryLimitInMB: '1024',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/skiff-controller-manager',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 1000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

describe('lambdaTelemetry', () => {
  it('logs through Powertools Logger and publishes each reconcile as EMF metrics', async () => {
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const log = jest.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
    const warn = jest.spyOn(console, 'warn').mockImplementation((...args) => void out.push(args.join(' ')));
    try {
      const telemetry = lambdaTelemetry('kube-controller-manager');
      const d = {
        route: () => [{ resource: 'pods', namespace: 'default', name: 'web' }],
        reconcile: async () => {
          throw new TerminalError('cannot run');
        },
      };
      const handler = middy(() => dispatch('kube-controller-manager', { Records: [{ dynamodb: { SequenceNumber: '1' } }] }, d, undefined)).use(telemetry.middlewares);
      const result = await handler({}, context);
      expect(result).toEqual({ batchItemFailures: [] });
      logger.info('after');
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
      log.mockRestore();
      warn.mockRestore();
    }
    const json = out.flatMap((line) => line.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const failed = json.find((l) => l.message === 'reconcile failed, not retrying');
    expect(failed).toEqual(expect.objectContaining({ level: 'ERROR', service: 'kube-controller-manager', function_request_id: 'req-1', outcome: 'terminal', key: 'pods/default/web' }));
    const emf = json.find((l) => (l._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics && 'ReconcileTerminal' in l);
    expect(emf).toEqual(expect.objectContaining({ ReconcileTerminal: 1, Invocations: 1, service: 'kube-controller-manager' }));
    expect(JSON.stringify(emf)).toContain(`"Namespace":"${METRICS_NAMESPACE}"`);
  });
});
