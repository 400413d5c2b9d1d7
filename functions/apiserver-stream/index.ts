import { apiContextFromEnv } from '../../shared/apiserver/environment';
import { StreamingRuntime, streamingHandler } from '../../shared/apiserver/streaming';
import { lambdaTelemetry } from '../../shared/telemetry/lambda';

declare const awslambda: StreamingRuntime;

// Powertools Logger for the request lines; a streamed response is not a middy handler, so its
// requests are logged but not counted (the API Gateway function counts the rest).
lambdaTelemetry('kube-apiserver-stream');

/** kube-apiserver behind a Lambda Function URL with response streaming, for long-lived watches. */
export const handler = streamingHandler(awslambda, apiContextFromEnv);
