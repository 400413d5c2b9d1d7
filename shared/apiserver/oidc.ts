import { PathNotFoundError } from '../api/errors';
import { DEFAULT_ISSUER } from '../auth/authn/config';
import type { ApiContext } from './context';
import { ApiRequest, ApiResponse, json } from './http';

/**
 * Service account issuer discovery, as kube-apiserver serves it without a token: the OpenID
 * provider configuration and the JSON Web Key Set of the keys that verify service account
 * tokens, so an external system (AWS IAM's OIDC federation, for one) can trust them.
 */
const CACHE = { 'cache-control': 'public, max-age=3600' };

export function openIdConfiguration(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const c = ctx.serviceAccountTokens;
  if (!c) throw new PathNotFoundError();
  // An issuer that is a URL of its own (the API's on AWS) serves the keys beneath it; the in-cluster
  // default is not reachable from outside, so the keys are where this request came to.
  const base = c.issuer !== DEFAULT_ISSUER && c.issuer.startsWith('https://') ? c.issuer.replace(/\/$/, '') : `https://${req.headers.host ?? 'localhost'}`;
  return json(
    200,
    {
      issuer: c.issuer,
      jwks_uri: `${base}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
    },
    CACHE,
  );
}

export function jwksDocument(ctx: ApiContext): ApiResponse {
  const c = ctx.serviceAccountTokens;
  if (!c) throw new PathNotFoundError();
  const jwk = c.key.publicKey.export({ format: 'jwk' });
  const key = { use: 'sig', kty: jwk.kty, kid: c.key.kid, crv: jwk.crv, alg: 'ES256', x: jwk.x, y: jwk.y };
  return json(200, { keys: [key] }, { ...CACHE, 'content-type': 'application/jwk-set+json' });
}
