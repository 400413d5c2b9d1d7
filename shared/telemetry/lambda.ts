import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { MiddlewareObj } from '@middy/core';
import { logger } from '../logging';
import { observeReconciles, type Outcome } from '../runtime/outcome';

/** The CloudWatch namespace of every Skiff metric; each function's are told apart by the `service` dimension. */
export const METRICS_NAMESPACE = 'Skiff';

const OUTCOME_METRIC: Record<Outcome, string> = {
  done: 'ReconcileDone',
  requeue: 'ReconcileRequeue',
  retry: 'ReconcileRetry',
  terminal: 'ReconcileTerminal',
};

export interface LambdaTelemetry {
  logger: Logger;
  metrics: Metrics;
  /** For `middy(handler).use(...)`: the invocation's context on every log line, metrics flushed as EMF at its end. */
  middlewares: MiddlewareObj[];
}

/**
 * Powertools for a Lambda entry point: Skiff's logger writes through Powertools Logger (request id,
 * cold start, function name on every line), and Powertools Metrics publishes EMF: per reconcile
 * its outcome and duration; per request (requestMetrics) its status class and latency.
 */
export function lambdaTelemetry(service: string): LambdaTelemetry {
  const level = (process.env.SKIFF_LOG_LEVEL ?? 'info').toUpperCase();
  const powertools = new Logger({ serviceName: service, logLevel: level as 'INFO' });
  logger.setComponent(service);
  logger.setSink((lvl, msg, fields) => powertools[lvl](msg, fields));
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  observeReconciles(({ decision, durationMs }) => {
    metrics.addMetric(OUTCOME_METRIC[decision.outcome], MetricUnit.Count, 1);
    metrics.addMetric('ReconcileDuration', MetricUnit.Milliseconds, durationMs);
  });
  return {
    logger: powertools,
    metrics,
    middlewares: [injectLambdaContext(powertools), logMetrics(metrics, { captureColdStartMetric: true }), invocations(metrics)],
  };
}

/** Counts invocations, so a batch that reconciled nothing still publishes (Powertools warns on an empty flush). */
function invocations(metrics: Metrics): MiddlewareObj {
  return { before: () => void metrics.addMetric('Invocations', MetricUnit.Count, 1) };
}

/** The API server's request metrics: one `Requests` count, `ServerErrors` / `ClientErrors` by status class, and `RequestDuration`. */
export function requestMetrics(metrics: Metrics): MiddlewareObj<unknown, { statusCode?: number } | undefined> {
  let started = 0;
  const record = (status: number) => {
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    if (status >= 500) metrics.addMetric('ServerErrors', MetricUnit.Count, 1);
    else if (status >= 400) metrics.addMetric('ClientErrors', MetricUnit.Count, 1);
    metrics.addMetric('RequestDuration', MetricUnit.Milliseconds, Math.round(performance.now() - started));
  };
  return {
    before: () => {
      started = performance.now();
    },
    after: (request) => record(request.response?.statusCode ?? 200),
    onError: (request) => record(request.response?.statusCode ?? 500),
  };
}
