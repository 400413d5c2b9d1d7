import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InternalError } from '../api/errors';
import { ApiRequest, ApiResponse } from './http';

/** API Gateway HTTP API (payload v2) → the core's request. */
export function fromEvent(event: APIGatewayProxyEventV2): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  const rawBody = event.body === undefined ? undefined : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    rawQuery: event.rawQueryString ?? '',
    headers,
    body: rawBody?.toString('utf8'),
    rawBody,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

/**
 * What a buffered Lambda response may carry: the invocation payload is capped at 6 MB, and bytes
 * travel base64-encoded (4/3 larger), so a streamed body stops being collected past this.
 */
export const MAX_BUFFERED_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The core's response → API Gateway's. API Gateway cannot stream, so a watch is collected until its
 * window ends (the core bounds it by maxWatchSeconds) and returned whole; clients resume from the
 * last resourceVersion they saw. A streamed body that would not fit the Lambda response limit (a
 * large proxied response) is cut off and answered with a Status saying so, not a failed invocation.
 */
export async function toResult(res: ApiResponse, limit = MAX_BUFFERED_BODY_BYTES): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = { ...res.headers };
  delete headers['transfer-encoding'];
  const cookies = res.cookies?.length ? { cookies: res.cookies } : {};
  if (!res.stream) {
    if (res.bodyEncoding === 'base64') return { statusCode: res.statusCode, headers, body: res.body, isBase64Encoded: true, ...cookies };
    return { statusCode: res.statusCode, headers, body: res.body, ...cookies };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let binary = false;
  for await (const chunk of res.stream) {
    binary ||= typeof chunk !== 'string';
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += bytes.length;
    if (size > limit) return tooLargeToBuffer(limit);
    chunks.push(bytes);
  }
  const body = Buffer.concat(chunks);
  if (binary) return { statusCode: res.statusCode, headers, body: body.toString('base64'), isBase64Encoded: true, ...cookies };
  return { statusCode: res.statusCode, headers, body: body.toString('utf8'), ...cookies };
}

function tooLargeToBuffer(limit: number): APIGatewayProxyStructuredResultV2 {
  const message = `the response is larger than ${limit} bytes, the most a buffered Lambda response carries through API Gateway; send this request to the streaming endpoint (the stack's WatchUrl)`;
  return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify(new InternalError(message).toStatus()) };
}

/** A v2 event for a request the local runner received, so it enters through the same adapter. */
export function toEvent(method: string, url: string, headers: Record<string, string>, body: Buffer | undefined): APIGatewayProxyEventV2 {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQueryString = q < 0 ? '' : url.slice(q + 1);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    // API Gateway base64-encodes bodies it cannot pass as text; doing it always keeps bytes intact.
    body: body?.toString('base64'),
    isBase64Encoded: body !== undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: Math.random().toString(36).slice(2),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}
