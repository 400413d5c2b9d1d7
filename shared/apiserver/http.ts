import type { UserInfo } from '../auth/user';
import type { ClientCertificate } from '../auth/authn/x509';

/** The transport-neutral request and response the API server core works on. */
export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query: URLSearchParams;
  /** The query string as sent (the proxy subresources forward it unchanged). */
  rawQuery?: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body?: string;
  /** The body's bytes, for binary media types (Kubernetes protobuf). */
  rawBody?: Buffer;
  /** Aborted when the client goes away, so long requests (watch) stop working for nobody. */
  signal?: AbortSignal;
  /** Who sent it, set by the server once the request is authenticated (public paths: none). */
  user?: UserInfo;
  /** Why authentication failed (for the audit log and request log only, never the response). */
  authenticationError?: string;
  /** The client's address as the transport saw it (audit's sourceIPs). */
  sourceIp?: string;
  /** A client certificate the transport verified against the cluster CA (the local runner's HTTPS server). */
  clientCertificate?: ClientCertificate;
}

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** `base64`: `body` holds binary bytes base64-encoded (API Gateway's isBase64Encoded). */
  bodyEncoding?: 'base64';
  /** A streamed body (watch, a proxied response); transports that cannot stream collect it until it ends. */
  stream?: AsyncIterable<string | Uint8Array>;
  /** Set-Cookie values (a proxied backend may send several; API Gateway carries them apart from headers). */
  cookies?: string[];
}

export function json(statusCode: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** The response body's bytes, whatever its encoding. */
export function bodyBytes(res: ApiResponse): Buffer {
  return Buffer.from(res.body, res.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}
