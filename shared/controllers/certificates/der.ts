/**
 * Just enough DER (X.690) to read a certificate request and write a certificate: a TLV reader that
 * keeps each element's exact bytes (signatures cover them byte for byte) and a writer.
 */

export interface Tlv {
  tag: number;
  /** The whole element, header included. */
  bytes: Buffer;
  content: Buffer;
}

export const TAG = { BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, UTF8: 0x0c, PRINTABLE: 0x13, IA5: 0x16, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, SEQUENCE: 0x30, SET: 0x31 } as const;

/** The element at `offset`; a truncated or indefinite-length one is an error. */
export function readTlv(buf: Buffer, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new Error('asn1: truncated element');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new Error('asn1: high tag numbers are not supported');
  let length = buf[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error('asn1: unsupported length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[offset + 2 + i];
    header += n;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new Error('asn1: truncated element');
  return { tag, bytes: buf.subarray(offset, end), content: buf.subarray(offset + header, end) };
}

/** The elements a constructed element holds. */
export function childrenOf(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < tlv.content.length; ) {
    const child = readTlv(tlv.content, at);
    out.push(child);
    at += child.bytes.length;
  }
  return out;
}

export function encode(tag: number, ...parts: Buffer[]): Buffer {
  const content = Buffer.concat(parts);
  const n = content.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else {
    const len: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff);
    header = Buffer.from([tag, 0x80 | len.length, ...len]);
  }
  return Buffer.concat([header, content]);
}

export const sequence = (...parts: Buffer[]): Buffer => encode(TAG.SEQUENCE, ...parts);

export function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift(0x80 | (x & 0x7f));
    bytes.push(...chunk);
  }
  return encode(TAG.OID, Buffer.from(bytes));
}

export function oidOf(tlv: Tlv): string {
  if (tlv.tag !== TAG.OID || tlv.content.length === 0) throw new Error('asn1: expected an object identifier');
  const c = tlv.content;
  const parts = [Math.floor(c[0] / 40), c[0] % 40];
  let v = 0;
  for (let i = 1; i < c.length; i++) {
    v = v * 128 + (c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  return encode(TAG.INTEGER, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 asks. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return date.getUTCFullYear() < 2050 ? encode(TAG.UTC_TIME, Buffer.from(iso.slice(2))) : encode(TAG.GENERALIZED_TIME, Buffer.from(iso));
}

export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => encode(TAG.BIT_STRING, Buffer.from([unusedBits]), bytes);

/** The DER bytes of the first PEM block of `type`, or undefined. */
export function pemBlock(pem: string, type: string): Buffer | undefined {
  const m = new RegExp(`-----BEGIN ${type}-----([\\s\\S]*?)-----END ${type}-----`).exec(pem);
  return m ? Buffer.from(m[1].replace(/\s+/g, ''), 'base64') : undefined;
}

export function toPem(der: Buffer, type: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}
