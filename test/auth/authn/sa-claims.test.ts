import { signingKeyFromSeed } from '../../../shared/auth/authn/signing-key';
import { signJwt, verifiedPayload } from '../../../shared/auth/authn/jwt';
import { boundClaims, serviceAccountUser, validateClaims } from '../../../shared/auth/authn/sa-claims';

const ISS = 'https://kubernetes.default.svc.cluster.local';
const key = signingKeyFromSeed('a'.repeat(48));
const other = signingKeyFromSeed('b'.repeat(48));
const k8s = { namespace: 'default', serviceaccount: { name: 'robot', uid: 'u1' }, pod: { name: 'p', uid: 'p1' } };
const claims = boundClaims({ issuer: ISS, audiences: [ISS], expirationSeconds: 600, nowSeconds: 1000, kubernetes: k8s });

describe('service account token claims', () => {
  it('carries upstream claims', () => {
    expect(claims).toMatchObject({ iss: ISS, aud: [ISS], iat: 1000, nbf: 1000, exp: 1600, sub: 'system:serviceaccount:default:robot', 'kubernetes.io': k8s });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['valid', {}, 1000, undefined],
    ['expired past the leeway', {}, 1661, 'service account token has expired'],
    ['within the leeway', {}, 1659, undefined],
    ['wrong audience', { aud: ['other'] }, 1000, 'token audiences is invalid'],
    ['untrusted issuer', { iss: 'https://evil' }, 1000, 'token issuer is not trusted'],
    ['not yet valid', { nbf: 2000 }, 1000, 'service account token is not valid yet'],
    ['subject not matching', { sub: 'system:serviceaccount:default:admin' }, 1000, 'service account token claims are malformed'],
    ['no expiry', { exp: undefined }, 1000, 'service account token has no expiry'],
  ])('%s', (_name, change, now, reason) => {
    const r = validateClaims({ ...claims, ...change }, { issuers: [ISS], audiences: [ISS], nowSeconds: now });
    if (reason) expect(r).toEqual({ ok: false, reason });
    else expect(r.ok).toBe(true);
  });

  it('verifies ES256 signatures with the cluster key only', () => {
    const token = signJwt({ ...claims }, key.privateKey, key.kid);
    expect(verifiedPayload(token, key.publicKey)).toMatchObject({ sub: claims.sub });
    expect(verifiedPayload(token, other.publicKey)).toBeUndefined();
    const [h, p] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'x' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(verifiedPayload(forged, key.publicKey)).toBeUndefined();
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    expect(verifiedPayload(none, key.publicKey)).toBeUndefined();
    expect(verifiedPayload('not.a.jwt!', key.publicKey)).toBeUndefined();
  });

  it('derives the same key from the same seed, another from another', () => {
    expect(signingKeyFromSeed('a'.repeat(48)).kid).toBe(key.kid);
    expect(other.kid).not.toBe(key.kid);
  });

  it('is the user upstream names, with its extra', () => {
    expect(serviceAccountUser({ kubernetes: k8s, audiences: [ISS], jti: 'j' })).toEqual({
      username: 'system:serviceaccount:default:robot',
      uid: 'u1',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/pod-name': ['p'], 'authentication.kubernetes.io/pod-uid': ['p1'], 'authentication.kubernetes.io/credential-id': ['JTI=j'] },
    });
  });
});
