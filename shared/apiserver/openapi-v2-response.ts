import { ApiRequest, ApiResponse } from './http';
import { swaggerDocument } from './openapi-v2';
import { encodeSwagger } from './openapi-v2-proto';

/** What clients ask for has an `@`, which Go's mime parser refuses in a response: upstream answers with a dot. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

let json: string | undefined;
let proto: Buffer | undefined;

/** `/openapi/v2`: gnostic protobuf when asked for (kubectl, client-go), JSON otherwise. */
export function openApiV2(req: ApiRequest): ApiResponse {
  const accept = req.headers.accept ?? '';
  if (accept.includes('com.github.proto-openapi.spec.v2')) {
    proto ??= encodeSwagger(swaggerDocument());
    return { statusCode: 200, headers: { 'content-type': OPENAPI_V2_PROTOBUF }, body: proto.toString('base64'), bodyEncoding: 'base64' };
  }
  json ??= JSON.stringify(swaggerDocument());
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: json };
}
