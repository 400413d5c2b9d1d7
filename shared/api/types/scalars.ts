/**
 * Scalars and schema helpers every API type shares: quantities, int-or-string, timestamps, and the
 * list markers (merge keys, list types) that patches and server-side apply read from OpenAPI.
 */
import * as z from 'zod';
import { base64Error } from '../validation/base64';
import { quantityError } from '../validation/quantity';

/**
 * Refinement issues the decoder reports as 422 FieldValueInvalid causes: `mapKey` renders the
 * last path element as a map key (`requests[cpu]`), `omitValue` keeps the value out of the message.
 */
export interface FieldIssueParams {
  mapKey?: boolean;
  omitValue?: boolean;
}

const QuantityValue = z.union([z.string(), z.number()]);

/** A resource amount such as `500m`, `1Gi` or `2`; clients send strings or plain numbers. */
export const Quantity = QuantityValue.superRefine((q, ctx) => {
  const error = quantityError(q);
  if (error) ctx.addIssue({ code: 'custom', message: error, input: q });
}).describe('A resource amount, e.g. 100m, 1Gi or 2.');
export type Quantity = z.infer<typeof Quantity>;

/** Bytes, base64-encoded in JSON (Go's []byte): Secret.data, ConfigMap.binaryData. */
export const Base64Map = z
  .record(z.string(), z.string().meta({ format: 'byte' }))
  .superRefine((map, ctx) => {
    for (const [key, value] of Object.entries(map)) {
      const error = base64Error(value);
      const params: FieldIssueParams = { mapKey: true, omitValue: true };
      if (error) ctx.addIssue({ code: 'custom', message: error, path: [key], params });
    }
  });
export type Base64Map = z.infer<typeof Base64Map>;

/** A port number or a port name, a count or a percentage. */
export const IntOrString = z
  .union([z.int32(), z.string()])
  .meta({ 'x-kubernetes-int-or-string': true, format: 'int-or-string' });
export type IntOrString = z.infer<typeof IntOrString>;

/** RFC 3339 timestamp with second precision, e.g. 2025-01-02T03:04:05Z. */
export const Time = z.string().meta({ format: 'date-time' });
export type Time = z.infer<typeof Time>;

/** RFC 3339 timestamp with microsecond precision, e.g. 2025-01-02T03:04:05.000006Z. */
export const MicroTime = z.string().meta({ format: 'date-time' });
export type MicroTime = z.infer<typeof MicroTime>;

export const Int32 = z.int32().meta({ format: 'int32' });
export type Int32 = z.infer<typeof Int32>;

/** int64 fields; JSON numbers beyond 2^53 are not representable in JavaScript anyway. */
export const Int64 = z.int().meta({ format: 'int64' });
export type Int64 = z.infer<typeof Int64>;

export const StringMap = z.record(z.string(), z.string());
export type StringMap = z.infer<typeof StringMap>;

export const QuantityMap = z.record(z.string(), QuantityValue.describe('A resource amount, e.g. 100m, 1Gi or 2.')).superRefine((map, ctx) => {
  for (const [key, q] of Object.entries(map)) {
    const error = quantityError(q);
    const params: FieldIssueParams = { mapKey: true };
    if (error) ctx.addIssue({ code: 'custom', message: error, path: [key], input: q, params });
  }
});
export type QuantityMap = z.infer<typeof QuantityMap>;

/**
 * A list whose items are merged by key, as upstream declares it: server-side apply reads the list
 * type and map keys; strategic merge patch reads the merge key and strategy (null: the list is
 * replaced whole by patches, as upstream does for lists without a patch strategy).
 */
export function listMap<T extends z.ZodType>(
  item: T,
  keys: string[],
  patchStrategy: string | null = 'merge',
  patchMergeKey = keys[0],
) {
  const patch = patchStrategy
    ? { 'x-kubernetes-patch-merge-key': patchMergeKey, 'x-kubernetes-patch-strategy': patchStrategy }
    : {};
  return z.array(item).meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, ...patch });
}

/** A list of unique scalars that patches merge rather than replace. */
export function listSet<T extends z.ZodType>(item: T) {
  return z.array(item).meta({ 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' });
}

/** The OpenAPI extension kubectl uses to find a kind's schema (`kubectl explain`). */
export function gvk(group: string, version: string, kind: string) {
  return { 'x-kubernetes-group-version-kind': [{ group, version, kind }] };
}

/** TypeMeta: the two fields every serialized object starts with. */
export const typeMeta = {
  apiVersion: z.string().optional().describe('Versioned schema of this object, e.g. v1 or apps/v1.'),
  kind: z.string().optional().describe('Kind of this object, in CamelCase, e.g. Pod.'),
};
