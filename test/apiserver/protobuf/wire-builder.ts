import { unpackDescriptors } from '../../../shared/apiserver/protobuf/descriptor-pack';
import packed from '../../../shared/apiserver/protobuf/descriptors.json';

/**
 * Builds protobuf bytes for cases kubectl cannot be made to send (times, quantities, zero pointers,
 * malformed input). Fields are named by message and JSON name, so tests read like the object they encode.
 */

type Value = string | number | bigint | boolean | Buffer;

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    bytes.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(bytes);
}

const messages = unpackDescriptors(packed).messages;

/** The number of the field called `name` in message `typeName` (a full proto name). */
export function fieldNumber(typeName: string, name: string): number {
  const field = messages[typeName]?.find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name} in ${typeName}`);
  return field.number;
}

/** One field: numbers and booleans as varints, strings and buffers (nested messages) length-delimited. */
export function field(number: number, value: Value): Buffer {
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return Buffer.concat([varint(BigInt((number << 3) | 2)), varint(BigInt(bytes.length)), bytes]);
  }
  const v = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  return Buffer.concat([varint(BigInt(number << 3)), varint(v)]);
}

/** A message of `typeName` from [jsonName, value] pairs, in order, repeats allowed. */
export function message(typeName: string, ...fields: [string, Value][]): Buffer {
  return Buffer.concat(fields.map(([name, value]) => field(fieldNumber(typeName, name), value)));
}

/** A protobuf map entry {key = 1, value = 2}. */
export function mapEntry(key: string, value: Value): Buffer {
  return Buffer.concat([field(1, key), field(2, value)]);
}

/** The `k8s\0` + runtime.Unknown envelope around an object's bytes. */
export function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([field(1, apiVersion), field(2, kind)]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, typeMeta), field(2, raw), field(3, ''), field(4, '')]);
}
