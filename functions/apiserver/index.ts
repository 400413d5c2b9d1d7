import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiContextFromEnv } from '../../shared/apiserver/environment';
import { fromEvent, toResult } from '../../shared/apiserver/lambda';
import { handleRequest } from '../../shared/apiserver/server';
import { statusOnError } from '../../shared/apiserver/middleware';
import { lambdaTelemetry, requestMetrics } from '../../shared/telemetry/lambda';

const telemetry = lambdaTelemetry('kube-apiserver');

/** kube-apiserver as a Lambda behind API Gateway (HTTP API, payload v2). */
export const handler = middy(async (event: APIGatewayProxyEventV2) => toResult(await handleRequest(await apiContextFromEnv(), fromEvent(event))))
  .use(telemetry.middlewares)
  .use(requestMetrics(telemetry.metrics))
  .use(statusOnError());
