import { ApiRequest, ApiResponse } from './http';
import { swaggerDocument, swaggerKey } from './openapi-v2';
import { RESOURCES } from '../registry/catalog';
import type { ResourceDef } from '../registry/resource';
import { encodeSwagger } from './openapi-v2-proto';

/** What clients ask for has an `@`, which Go's mime parser refuses in a response: upstream answers with a dot. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

let json: string | undefined;
let proto: Buffer | undefined;
let key: string | undefined;

/** `/openapi/v2`: gnostic protobuf when asked for (kubectl, client-go), JSON otherwise. */
export function openApiV2(req: ApiRequest, all: ResourceDef[] = RESOURCES): ApiResponse {
  const accept = req.headers.accept ?? '';
  if (swaggerKey(all) !== key) {
    key = swaggerKey(all);
    json = undefined;
    proto = undefined;
  }
  if (accept.includes('com.github.proto-openapi.spec.v2')) {
    proto ??= encodeSwagger(swaggerDocument(all));
    return { statusCode: 200, headers: { 'content-type': OPENAPI_V2_PROTOBUF }, body: proto.toString('base64'), bodyEncoding: 'base64' };
  }
  json ??= JSON.stringify(swaggerDocument(all));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: json };
}
