/**
 * RFC 6902 JSON Patch (`application/json-patch+json`), with evanphx/json-patch's error texts,
 * since kube-apiserver returns those verbatim and clients recognise them. Pure: the input
 * document is copied first and never modified.
 */
import { PatchError } from './errors';
import { goJsonTypeName, isJsonObject, jsonEqual, JsonObject, JsonValue, toJsonValue } from './json';
import { arrayIndex, childOf, locate, Location, parsePointer } from './json-pointer';

export type JsonPatchOperationType = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface JsonPatchOperation {
  readonly op: JsonPatchOperationType;
  readonly path: string;
  readonly from?: string;
  readonly value?: JsonValue;
}

/** evanphx wraps its sentinel errors with pkg/errors, which appends ": <sentinel>". */
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

interface Doc {
  root: JsonValue;
}

function field(op: JsonObject, name: 'path' | 'from', kind: string): string {
  const value = op[name];
  if (typeof value !== 'string') throw new PatchError(`${kind} operation failed to decode ${name}: ${MISSING}`);
  return value;
}

function valueOf(op: JsonObject, kind: string): JsonValue {
  if (!Object.prototype.hasOwnProperty.call(op, 'value')) {
    throw new PatchError(`${kind} operation, missing value field: ${MISSING}`);
  }
  return op.value;
}

function find(doc: Doc, path: string): Location | undefined {
  const tokens = parsePointer(path);
  return tokens && tokens.length > 0 ? locate(doc.root, tokens) : undefined;
}

function insert(doc: Doc, path: string, value: JsonValue, kind: string, missing: string): void {
  if (path === '') {
    doc.root = value;
    return;
  }
  const at = find(doc, path);
  if (!at) throw new PatchError(`${missing}: ${MISSING}`);
  if (!Array.isArray(at.parent)) {
    at.parent[at.key] = value;
    return;
  }
  const index = at.key === '-' ? at.parent.length : arrayIndex(at.key, at.parent.length + 1);
  if (index === undefined) {
    throw new PatchError(`error in ${kind} for path: '${path}': Unable to access invalid index: ${at.key}: ${INVALID_INDEX}`);
  }
  at.parent.splice(index, 0, value);
}

/** Removes and returns the value at `path`; `missing` is the calling op's "no such parent" text. */
function extract(doc: Doc, path: string, kind: string, missing: string): JsonValue {
  const at = find(doc, path);
  if (!at) throw new PatchError(`${missing}: ${MISSING}`);
  const value = childOf(at.parent, at.key);
  if (value === undefined) {
    const reason = Array.isArray(at.parent)
      ? `Unable to access invalid index: ${at.key}: ${INVALID_INDEX}`
      : `Unable to remove nonexistent key: ${at.key}: ${MISSING}`;
    throw new PatchError(`error in ${kind} for path: '${path}': ${reason}`);
  }
  if (Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
  else delete at.parent[at.key];
  return value;
}

function read(doc: Doc, path: string): JsonValue | undefined {
  if (path === '') return doc.root;
  const at = find(doc, path);
  return at ? childOf(at.parent, at.key) : undefined;
}

function replace(doc: Doc, path: string, value: JsonValue): void {
  if (path === '') {
    doc.root = value;
    return;
  }
  const at = find(doc, path);
  if (!at) throw new PatchError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  if (childOf(at.parent, at.key) === undefined) {
    throw new PatchError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
  }
  if (Array.isArray(at.parent)) at.parent[Number(at.key)] = value;
  else at.parent[at.key] = value;
}

function move(doc: Doc, from: string, path: string): void {
  // RFC 6902 §4.4: a location cannot be moved into one of its own children.
  if (path.startsWith(`${from}/`)) {
    throw new PatchError(`move operation does not apply: from path ${from} is a prefix of path ${path}`);
  }
  const value = extract(doc, from, 'move', `move operation does not apply: doc is missing from path: ${from}`);
  insert(doc, path, value, 'move', `move operation does not apply: doc is missing destination path: ${path}`);
}

function copy(doc: Doc, from: string, path: string): void {
  const value = read(doc, from);
  if (value === undefined) {
    throw new PatchError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  }
  const duplicate = toJsonValue(value);
  insert(doc, path, duplicate, 'copy', `copy operation does not apply: doc is missing destination path: ${path}`);
}

function test(doc: Doc, path: string, expected: JsonValue): void {
  if (path !== '' && !find(doc, path)) {
    throw new PatchError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  }
  if (!jsonEqual(read(doc, path), expected)) throw new PatchError(`testing value ${path} failed: test failed`);
}

function applyOperation(doc: Doc, op: JsonValue): void {
  if (!isJsonObject(op)) {
    throw new PatchError(`json: cannot unmarshal ${goJsonTypeName(op)} into Go value of type jsonpatch.Operation`);
  }
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add': {
      const path = field(op, 'path', kind);
      return insert(doc, path, valueOf(op, kind), kind, `add operation does not apply: doc is missing path: "${path}"`);
    }
    case 'remove': {
      const path = field(op, 'path', kind);
      if (path === '') throw new PatchError(`remove operation does not apply: doc is missing path: "": ${MISSING}`);
      extract(doc, path, kind, `remove operation does not apply: doc is missing path: "${path}"`);
      return;
    }
    case 'replace':
      return replace(doc, field(op, 'path', kind), valueOf(op, kind));
    case 'move':
      return move(doc, field(op, 'from', kind), field(op, 'path', kind));
    case 'copy':
      return copy(doc, field(op, 'from', kind), field(op, 'path', kind));
    case 'test':
      return test(doc, field(op, 'path', kind), valueOf(op, kind));
    default:
      throw new PatchError(`Unexpected kind: ${kind}`);
  }
}

/**
 * Applies a JSON Patch (an array of operations, as decoded from the request body) to a copy of
 * `document` and returns the result. Operations apply in order; the first failure throws
 * PatchError and nothing is returned, so a patch is all-or-nothing.
 */
export function applyJsonPatch(document: unknown, patch: unknown): JsonValue {
  const operations = toJsonValue(patch);
  if (!Array.isArray(operations)) {
    throw new PatchError(`json: cannot unmarshal ${goJsonTypeName(operations)} into Go value of type jsonpatch.Patch`);
  }
  const doc: Doc = { root: toJsonValue(document) };
  for (const op of operations) applyOperation(doc, op);
  return doc.root;
}
