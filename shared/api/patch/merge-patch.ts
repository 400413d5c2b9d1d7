/**
 * RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge recursively, `null`
 * deletes a key, anything else (arrays included) replaces. Pure: inputs are copied first.
 */
import { PatchError } from './errors';
import { isJsonObject, JsonObject, JsonValue, toJsonValue } from './json';

function merge(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

/**
 * Applies a merge patch to a copy of `original`. A bare `null` patch is rejected as
 * evanphx/json-patch (and so kube-apiserver) does, instead of RFC 7386's "result is null".
 */
export function applyMergePatch(original: unknown, patch: unknown): JsonValue {
  const patchValue = toJsonValue(patch);
  if (patchValue === null) throw new PatchError('Invalid JSON Patch');
  return merge(toJsonValue(original), patchValue);
}
