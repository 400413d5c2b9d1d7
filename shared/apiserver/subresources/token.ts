import { MethodNotAllowedError } from '../../api/errors';
import { TokenRequest } from '../../api/types';
import { requestToken } from '../../auth/authn/token-request';
import { decodeStrict } from '../../registry/decode';
import { parseBody } from '../body';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse, json } from '../http';

/** serviceaccounts/token: a TokenRequest in, the same with its token out (`kubectl create token`). Never stored. */
export async function serviceAccountToken(ctx: ApiContext, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  if (req.method !== 'POST') throw new MethodNotAllowedError();
  const body = decodeStrict({ kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1' }, TokenRequest, parseBody(req.body, req.headers['content-type'], req.rawBody));
  return json(201, await requestToken(ctx, namespace, name, body.spec ?? {}));
}
