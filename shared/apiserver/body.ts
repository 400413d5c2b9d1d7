import * as yaml from 'js-yaml';
import { decodeProtobufBody, isProtobuf } from './protobuf/decode';
import { BadRequestError, RequestEntityTooLargeError, UnsupportedMediaTypeError } from '../api/errors';
import { MAX_BODY_BYTES, mediaType } from './media';


/** Parses a JSON or YAML body into a plain value, with upstream's messages for malformed input. */
export function parseBody(body: string | undefined, contentType: string | undefined, raw?: Buffer): unknown {
  if (isProtobuf(contentType)) {
    if (!raw || raw.length === 0) throw new BadRequestError('the body of the request was empty');
    return decodeProtobufBody(raw);
  }
  if (body === undefined || body.length === 0) throw new BadRequestError('the body of the request was empty');
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new RequestEntityTooLargeError(`the request body is larger than the limit of ${MAX_BODY_BYTES} bytes`);
  }
  const type = mediaType(contentType);
  if (type.endsWith('json') || type === '*/*') {
    try {
      return JSON.parse(body);
    } catch (err) {
      throw new BadRequestError(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
    }
  }
  if (type.endsWith('yaml')) {
    try {
      return yaml.load(body, { schema: yaml.JSON_SCHEMA });
    } catch (err) {
      throw new BadRequestError(`error converting YAML to JSON: yaml: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new UnsupportedMediaTypeError(type);
}
