/**
 * A minimal protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/).
 * Enough for Kubernetes request bodies and FileDescriptorProtos; not a general protobuf library.
 */

export enum WireType {
  Varint = 0,
  Fixed64 = 1,
  LengthDelimited = 2,
  Fixed32 = 5,
}

/** Thrown on truncated or malformed protobuf bytes. */
export class WireError extends Error {
  override readonly name = 'WireError';
}

/** One decoded field occurrence: its value is a bigint (varint, fixed64), a number (fixed32) or bytes. */
export type WireField =
  | { number: number; wireType: WireType.Varint | WireType.Fixed64; value: bigint }
  | { number: number; wireType: WireType.Fixed32; value: number }
  | { number: number; wireType: WireType.LengthDelimited; value: Buffer };

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw new WireError('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new WireError('varint longer than 10 bytes');
  }

  bytes(length: number): Buffer {
    if (length < 0 || this.pos + length > this.buf.length) throw new WireError('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  field(): WireField {
    const key = this.varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireError('invalid field number 0');
    switch (wireType) {
      case WireType.Varint:
        return { number, wireType, value: this.varint() };
      case WireType.Fixed64:
        return { number, wireType, value: this.bytes(8).readBigUInt64LE() };
      case WireType.LengthDelimited:
        return { number, wireType, value: this.bytes(Number(this.varint())) };
      case WireType.Fixed32:
        return { number, wireType, value: this.bytes(4).readUInt32LE() };
      default:
        throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
}

/** All fields of one message, in wire order. */
export function readFields(buf: Buffer): WireField[] {
  const reader = new WireReader(buf);
  const fields: WireField[] = [];
  while (!reader.done) fields.push(reader.field());
  return fields;
}

/** Unpacks a packed repeated scalar (a length-delimited run of varints). */
export function readPackedVarints(buf: Buffer): bigint[] {
  const reader = new WireReader(buf);
  const values: bigint[] = [];
  while (!reader.done) values.push(reader.varint());
  return values;
}
