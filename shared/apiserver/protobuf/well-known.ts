import { ProtobufDecodeError } from './errors';
import { WireType, readFields, type WireField } from './wire';

/**
 * apimachinery types whose JSON is not their protobuf message: they implement MarshalJSON by hand
 * (metav1.Time, MicroTime, resource.Quantity, intstr.IntOrString, metav1.FieldsV1).
 */

/** A decoded value and whether it is Go's zero value (which JSON's omitempty drops). */
export interface Decoded {
  value: unknown;
  zero: boolean;
}

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds. */
const GO_ZERO_TIME_SECONDS = -62135596800n;

function varintField(fields: WireField[], number: number): bigint {
  let value = 0n;
  for (const f of fields) {
    if (f.number !== number) continue;
    if (f.wireType !== WireType.Varint) throw new ProtobufDecodeError(`field ${number} must be a varint`);
    value = f.value;
  }
  return value;
}

function bytesField(fields: WireField[], number: number): Buffer | undefined {
  let value: Buffer | undefined;
  for (const f of fields) {
    if (f.number !== number) continue;
    if (f.wireType !== WireType.LengthDelimited) throw new ProtobufDecodeError(`field ${number} must be length-delimited`);
    value = f.value;
  }
  return value;
}

/** RFC 3339 in UTC without fractional seconds, as Go's time.RFC3339 prints it. */
function rfc3339(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`timestamp ${seconds} is out of range`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.Time keeps whole seconds (its Unmarshal drops nanos); the zero time is JSON null, so omitted. */
function time(bytes: Buffer): Decoded {
  const seconds = BigInt.asIntN(64, varintField(readFields(bytes), 1));
  if (bytes.length === 0 || seconds === GO_ZERO_TIME_SECONDS) return { value: undefined, zero: true };
  return { value: rfc3339(seconds), zero: false };
}

/** metav1.MicroTime keeps microseconds and prints all six digits (RFC3339Micro). */
function microTime(bytes: Buffer): Decoded {
  const fields = readFields(bytes);
  const seconds = BigInt.asIntN(64, varintField(fields, 1));
  const micros = Math.trunc(Number(BigInt.asIntN(32, varintField(fields, 2))) / 1000);
  if (bytes.length === 0 || (seconds === GO_ZERO_TIME_SECONDS && micros === 0)) return { value: undefined, zero: true };
  const base = rfc3339(seconds);
  return { value: base.replace(/Z$/, `.${String(micros).padStart(6, '0')}Z`), zero: false };
}

/** resource.Quantity travels as its string form; an empty one is the zero quantity, "0" in JSON. */
function quantity(bytes: Buffer): Decoded {
  const text = bytesField(readFields(bytes), 1)?.toString('utf8') ?? '';
  return { value: text === '' ? '0' : text, zero: text === '' };
}

/** intstr.IntOrString: {type: 0 int | 1 string, intVal, strVal} is a bare number or string in JSON. */
function intOrString(bytes: Buffer): Decoded {
  const fields = readFields(bytes);
  if (varintField(fields, 1) === 1n) {
    const value = bytesField(fields, 3)?.toString('utf8') ?? '';
    return { value, zero: value === '' };
  }
  const value = Number(BigInt.asIntN(32, varintField(fields, 2)));
  return { value, zero: value === 0 };
}

/** metav1.FieldsV1 embeds its raw JSON (managedFields' fieldsV1). */
function fieldsV1(bytes: Buffer): Decoded {
  const raw = bytesField(readFields(bytes), 1);
  if (raw === undefined || raw.length === 0) return { value: undefined, zero: true };
  try {
    return { value: JSON.parse(raw.toString('utf8')), zero: false };
  } catch {
    throw new ProtobufDecodeError('fieldsV1 does not hold valid JSON');
  }
}

const WELL_KNOWN: Record<string, (bytes: Buffer) => Decoded> = {
  [`${META}.Time`]: time,
  [`${META}.MicroTime`]: microTime,
  [`${META}.FieldsV1`]: fieldsV1,
  'k8s.io.apimachinery.pkg.api.resource.Quantity': quantity,
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': intOrString,
};

/** The hand-written JSON decoder for a message type, if it has one. */
export function wellKnownDecoder(typeName: string): ((bytes: Buffer) => Decoded) | undefined {
  return WELL_KNOWN[typeName];
}
