import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError, InternalError } from '../api/errors';
import { logger } from '../logging';

/**
 * Last line of defence: anything that escapes the core (a failure before routing, a bug in an
 * adapter) still answers with a Kubernetes Status, never API Gateway's bare 500.
 */
export function statusOnError(): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const err = request.error;
      const status = err instanceof ApiError ? err.toStatus() : new InternalError(err?.message ?? 'unknown error').toStatus();
      if (!(err instanceof ApiError)) logger.error('unhandled error', { error: err?.stack ?? String(err) });
      request.response = { statusCode: status.code, headers: { 'content-type': 'application/json' }, body: JSON.stringify(status) };
    },
  };
}
