import { RequestEntityTooLargeError } from '../../api/errors';
import { MAX_BODY_BYTES, mediaType } from '../media';
import { unpackDescriptors } from './descriptor-pack';
import packedDescriptors from './descriptors.json';
import { ProtobufDecodeError } from './errors';
import { MessageDecoder } from './message';
import { WireError, WireType, readFields, type WireField } from './wire';

/**
 * Request bodies in Kubernetes' protobuf encoding (what kubectl's typed clients send), decoded into
 * the JSON object a JSON client would have sent. The envelope is apimachinery's: the magic `k8s\0`,
 * then a runtime.Unknown {typeMeta {apiVersion, kind}, raw, contentEncoding, contentType} whose
 * `raw` is the object's go-to-protobuf message.
 */

export { ProtobufDecodeError } from './errors';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

// descriptors.json holds the descriptors packed; they are unpacked at the first protobuf body, so a
// process that never receives one never pays for it.
let unpacked: { decoder: MessageDecoder; kinds: Record<string, string> } | undefined;

function descriptors(): { decoder: MessageDecoder; kinds: Record<string, string> } {
  if (!unpacked) {
    const set = unpackDescriptors(packedDescriptors);
    unpacked = { decoder: new MessageDecoder(set), kinds: set.kinds };
  }
  return unpacked;
}

export function isProtobuf(contentType: string | undefined): boolean {
  return contentType !== undefined && mediaType(contentType) === PROTOBUF_MEDIA_TYPE;
}

interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
}

function text(field: WireField): string {
  if (field.wireType !== WireType.LengthDelimited) throw new ProtobufDecodeError(`envelope field ${field.number} must be length-delimited`);
  return field.value.toString('utf8');
}

function readUnknown(bytes: Buffer): Unknown {
  const out: Unknown = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '' };
  for (const field of readFields(bytes)) {
    if (field.number === 1) {
      if (field.wireType !== WireType.LengthDelimited) throw new ProtobufDecodeError('envelope typeMeta must be a message');
      for (const meta of readFields(field.value)) {
        if (meta.number === 1) out.apiVersion = text(meta);
        if (meta.number === 2) out.kind = text(meta);
      }
    } else if (field.number === 2) {
      if (field.wireType !== WireType.LengthDelimited) throw new ProtobufDecodeError('envelope raw must be bytes');
      out.raw = field.value;
    } else if (field.number === 3) {
      out.contentEncoding = text(field);
    }
  }
  return out;
}

/** Decodes a `k8s\0`-prefixed protobuf body into a JSON-shaped object with apiVersion and kind. */
export function decodeProtobufBody(body: Buffer): Record<string, unknown> {
  if (body.length > MAX_BODY_BYTES) {
    throw new RequestEntityTooLargeError(`the request body is larger than the limit of ${MAX_BODY_BYTES} bytes`);
  }
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ProtobufDecodeError('the protobuf body does not start with the Kubernetes "k8s\\x00" prefix');
  }
  try {
    const unknown = readUnknown(body.subarray(MAGIC.length));
    if (!unknown.apiVersion || !unknown.kind) {
      throw new ProtobufDecodeError(`Object 'Kind' or 'apiVersion' is missing in the protobuf body`);
    }
    if (unknown.contentEncoding) {
      throw new ProtobufDecodeError(`unsupported protobuf content encoding "${unknown.contentEncoding}"`);
    }
    const { decoder, kinds } = descriptors();
    const typeName = kinds[`${unknown.apiVersion}/${unknown.kind}`];
    if (!typeName) {
      throw new ProtobufDecodeError(`no kind "${unknown.kind}" is registered for version "${unknown.apiVersion}"`);
    }
    const object = decoder.message(typeName, unknown.raw).value as Record<string, unknown>;
    return { apiVersion: unknown.apiVersion, kind: unknown.kind, ...object };
  } catch (err) {
    if (err instanceof WireError) throw new ProtobufDecodeError(`malformed protobuf body: ${err.message}`);
    throw err;
  }
}
