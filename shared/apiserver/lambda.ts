import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
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
    headers,
    body: rawBody?.toString('utf8'),
    rawBody,
    sourceIp: event.requestContext.http.sourceIp,
  };
}

/**
 * The core's response → API Gateway's. API Gateway cannot stream, so a watch is collected until its
 * window ends (the core bounds it by maxWatchSeconds) and returned whole; clients resume from the
 * last resourceVersion they saw.
 */
export async function toResult(res: ApiResponse): Promise<APIGatewayProxyStructuredResultV2> {
  let body = res.body;
  if (res.stream) {
    const chunks: string[] = [];
    for await (const chunk of res.stream) chunks.push(chunk);
    body = chunks.join('');
  }
  const headers = { ...res.headers };
  delete headers['transfer-encoding'];
  if (res.bodyEncoding === 'base64') return { statusCode: res.statusCode, headers, body, isBase64Encoded: true };
  return { statusCode: res.statusCode, headers, body };
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
