import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiContext } from './context';
import { bodyBytes } from './http';
import { fromEvent } from './lambda';
import { handleRequest } from './server';

/** The Lambda runtime's response-streaming globals (Node.js runtimes provide `awslambda`). */
export interface StreamingRuntime {
  streamifyResponse(fn: (event: APIGatewayProxyEventV2, stream: Writable) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: Writable, meta: { statusCode: number; headers: Record<string, string>; cookies?: string[] }): Writable };
}

/**
 * A Function URL handler with response streaming: the same core as the API Gateway handler, but a
 * watch stays open (up to the function's 15 minutes) and events are written as they happen.
 */
export function streamingHandler(runtime: StreamingRuntime, context: () => Promise<ApiContext>): unknown {
  return runtime.streamifyResponse(async (event, stream) => {
    const ctx = await context();
    const res = await handleRequest({ ...ctx, config: { ...ctx.config, maxWatchSeconds: 14 * 60 } }, fromEvent(event));
    const out = runtime.HttpResponseStream.from(stream, { statusCode: res.statusCode, headers: res.headers, ...(res.cookies?.length ? { cookies: res.cookies } : {}) });
    if (res.stream) for await (const chunk of res.stream) out.write(chunk);
    else out.write(bodyBytes(res));
    out.end();
  });
}
