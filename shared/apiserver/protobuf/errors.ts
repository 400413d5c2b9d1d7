import { BadRequestError } from '../../api/errors';

/** A protobuf request body Skiff cannot turn into JSON: malformed bytes or a kind it does not serve. */
export class ProtobufDecodeError extends BadRequestError {
  override readonly name = 'ProtobufDecodeError';
}
