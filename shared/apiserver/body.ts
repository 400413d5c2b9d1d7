import * as yaml from 'js-yaml';
import { decodeProtobufBody, isProtobuf } from './protobuf/decode';
import { checkBodyShape, MAX_NESTING_DEPTH } from './body-shape';
import { BadRequestError, RequestEntityTooLargeError, UnsupportedMediaTypeError } from '../api/errors';
import { MAX_BODY_BYTES, mediaType } from './media';

/** Upstream's answer to a body over the limit (its limitedReadBody). */
export function tooLarge(): RequestEntityTooLargeError {
  return new RequestEntityTooLargeError(`Request entity too large: limit is ${MAX_BODY_BYTES}`);
}

/** Parses a JSON or YAML body into a plain value, with upstream's messages for malformed input. */
export function parseBody(body: string | undefined, contentType: string | undefined, raw?: Buffer): unknown {
  if ((raw?.length ?? 0) > MAX_BODY_BYTES || (body !== undefined && Buffer.byteLength(body) > MAX_BODY_BYTES)) throw tooLarge();
  if (isProtobuf(contentType)) {
    if (!raw || raw.length === 0) throw new BadRequestError('the body of the request was empty');
    return decodeProtobufBody(raw);
  }
  if (body === undefined || body.length === 0) throw new BadRequestError('the body of the request was empty');
  const type = mediaType(contentType);
  if (type.endsWith('json') || type === '*/*') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      if (err instanceof RangeError) throw new BadRequestError('json: exceeded max depth');
      throw new BadRequestError(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
    }
    checkBodyShape(parsed, 'json', body.length);
    return parsed;
  }
  if (type.endsWith('yaml')) {
    let parsed: unknown;
    try {
      parsed = yaml.load(body, { schema: yaml.JSON_SCHEMA });
    } catch (err) {
      if (err instanceof RangeError) throw new BadRequestError(`error converting YAML to JSON: yaml: exceeded max depth of ${MAX_NESTING_DEPTH}`);
      throw new BadRequestError(`error converting YAML to JSON: yaml: ${(err as Error).message.split('\n')[0]}`);
    }
    checkBodyShape(parsed, 'yaml', body.length);
    return parsed;
  }
  throw new UnsupportedMediaTypeError(type);
}
