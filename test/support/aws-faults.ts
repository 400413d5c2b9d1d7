import { ECSClient, ECSServiceException, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-ecs';
import type { FinalizeRequestMiddleware } from '@smithy/types';

/** What to do with one call: fail it, answer it without sending it, or (undefined) send it. */
export type Fault = Error | { output: Record<string, unknown> } | undefined;

/**
 * Faults the AWS emulator cannot produce, injected into a real SDK client inside its retry
 * middleware: the SDK's own retries see them as they would AWS's answers, and every call the plan
 * passes goes to the emulator over HTTP as usual.
 */
export function injectFaults(client: ECSClient, plan: (operation: string, input: Record<string, unknown>) => Fault): void {
  const mw: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const fault = plan(String(context.commandName).replace(/Command$/, ''), args.input as Record<string, unknown>);
    if (fault instanceof Error) throw fault;
    if (fault) return { output: { $metadata: {}, ...fault.output } as ServiceOutputTypes, response: {} };
    return next(args);
  };
  client.middlewareStack.addRelativeTo(mw, { relation: 'after', toMiddleware: 'retryMiddleware', name: 'skiffInjectedFaults' });
}

/** ECS's throttling answer, as the SDK builds it from AWS's `ThrottlingException` (HTTP 400). */
export const throttlingException = (): ECSServiceException =>
  new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });

/** Fargate's answer when a zone has no capacity: RunTask succeeds with a failure per task asked for. */
export const FARGATE_NO_CAPACITY = 'Capacity is unavailable at this time. Please try again later or in a different availability zone';
export const noCapacity = (count: number): Fault => ({ output: { tasks: [], failures: Array.from({ length: count }, () => ({ reason: FARGATE_NO_CAPACITY })) } });

/** Counts every call a client sends, by operation (what the emulator was asked, faults included). */
export function countCalls(client: ECSClient): Record<string, number> {
  const calls: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => (args) => {
      const op = String(context.commandName).replace(/Command$/, '');
      calls[op] = (calls[op] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'skiffCountCalls' },
  );
  return calls;
}
