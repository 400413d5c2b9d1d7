import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Object bodies are stored deflated: Kubernetes JSON compresses 3-10x, which keeps large objects
 * under DynamoDB's 400 KB item limit and cuts write units (billed per KB written).
 */
export function encodeBody(obj: unknown): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(obj)), { level: 6 });
}

export function decodeBody<T>(bytes: Uint8Array): T {
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as T;
}

/** Room left in a 400 KB item for keys and index attributes; bodies above this are refused. */
export const MAX_STORED_BODY_BYTES = 380 * 1024;
