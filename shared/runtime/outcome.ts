import { isPermanentError } from './permanent';
import type { ReconcileResult, WorkKey } from './work';

/**
 * A reconcile failure that retrying cannot fix (a spec the controller cannot act on, a setting it
 * does not support): reported (an error log line and the `terminal` metric) and not retried, as
 * controller-runtime's reconcile.TerminalError. Any other error is retried.
 */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/**
 * What becomes of one reconcile: `done` (converged), `requeue` (run again after a delay, asked
 * for by the reconcile), `retry` (failed: the records that named it are reported as batch item
 * failures and redelivered) or `terminal` (failed for good: reported, not retried).
 */
export type Outcome = 'done' | 'requeue' | 'retry' | 'terminal';

export interface Decision {
  outcome: Outcome;
  requeueAfterSeconds?: number;
  error?: unknown;
}

/** The one place that decides a reconcile's outcome from what it returned or threw. */
export function decide(settled: { result: ReconcileResult } | { error: unknown }): Decision {
  if ('error' in settled) {
    const terminal = settled.error instanceof TerminalError || isPermanentError(settled.error);
    return { outcome: terminal ? 'terminal' : 'retry', error: settled.error };
  }
  const after = settled.result.requeueAfterSeconds;
  return after === undefined ? { outcome: 'done' } : { outcome: 'requeue', requeueAfterSeconds: after };
}

/** One reconcile as its log line and metrics report it. */
export interface ReconcileReport {
  consumer: string;
  key: WorkKey;
  decision: Decision;
  durationMs: number;
}

type Observer = (report: ReconcileReport) => void;
const observers: Observer[] = [];

/** Lets a Lambda entry point count reconciles (Powertools Metrics); every report also gets one log line. */
export function observeReconciles(observer: Observer): void {
  observers.push(observer);
}

export function notifyObservers(report: ReconcileReport): void {
  for (const observer of observers) observer(report);
}
