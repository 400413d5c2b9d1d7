/**
 * What every body reader shares: the size limit and the media type of a Content-Type header. Its
 * own module so the JSON/YAML reader (body.ts) and the protobuf decoder import it, not each other.
 */

/** kube-apiserver's request body limit (3 MiB); larger bodies are refused before parsing. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** `application/json; charset=utf-8` -> `application/json` (JSON when absent, as upstream assumes). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
}
