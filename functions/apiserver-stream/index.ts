import { apiContextFromEnv } from '../../shared/apiserver/environment';
import { StreamingRuntime, streamingHandler } from '../../shared/apiserver/streaming';

declare const awslambda: StreamingRuntime;

/** kube-apiserver behind a Lambda Function URL with response streaming, for long-lived watches. */
export const handler = streamingHandler(awslambda, apiContextFromEnv);
