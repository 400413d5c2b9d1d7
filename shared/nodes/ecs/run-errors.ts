import type { Failure } from '@aws-sdk/client-ecs';

/** Why a start did not happen this time: shown on the pod while the provider retries. */
export interface StartBlock {
  reason: string;
  message: string;
  /** Retry no sooner than this (epoch ms). */
  retryAt: number;
  attempts: number;
}

const THROTTLED = ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'];

/** Whether an ECS error is one to retry as is (throttling, a server fault) rather than a problem with the request. */
export function retryable(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $fault?: string };
  return THROTTLED.includes(e?.name ?? '') || e?.name === 'ServerException' || !!e?.$retryable || e?.$fault === 'server';
}

/** RunTask/StartTask failures (no capacity, an agent that is gone) as one message. */
export const failureMessage = (failures: Failure[]): string => failures.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ');

/** Backoff of a blocked start: 1 s doubling to `maxMs`, with a little jitter so many pods do not retry at once. */
export function retryDelayMs(attempts: number, maxMs = 60_000): number {
  const base = Math.min(maxMs, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
