/** apimachinery `mergepatch` error texts, reproduced so strategic-merge failures read as upstream's. */
import { PatchError } from './errors';
import { goFormat, goTypeName, JsonObject, JsonValue } from './json';

export const BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
export const BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
export const RETAIN_KEYS_MISMATCH = "patch content doesn't match retainKeys list";
export const BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';

export const GO_MAP = 'map[string]interface {}';
export const GO_SLICE = '[]interface {}';

export function errNoListOfLists(): PatchError {
  return new PatchError('lists of lists are not supported');
}

export function errNoMergeKey(item: JsonObject, mergeKey: string): PatchError {
  return new PatchError(`map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`);
}

export function errBadArgType(expected: string, actual: JsonValue | undefined): PatchError {
  return new PatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

export function errBadPatchType(directive: JsonValue, patch: JsonObject): PatchError {
  return new PatchError(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
}
