import { userOfClientCertificate } from '../../../shared/auth/authn/x509';

describe('userOfClientCertificate', () => {
  const cert = { commonName: 'jane', organizations: ['dev', 'ops'], sha256: 'ab12' };
  it.each([
    ['no extended usage', undefined, { user: { username: 'jane', groups: ['dev', 'ops', 'system:authenticated'], extra: { 'authentication.kubernetes.io/credential-id': ['X509SHA256=ab12'] } } }],
    ['client auth', ['1.3.6.1.5.5.7.3.2'], expect.objectContaining({ user: expect.objectContaining({ username: 'jane' }) })],
    ['any usage', ['2.5.29.37.0'], expect.objectContaining({ user: expect.objectContaining({ username: 'jane' }) })],
    ['server auth only', ['1.3.6.1.5.5.7.3.1'], { error: 'x509: certificate specifies an incompatible key usage' }],
  ])('with %s', (_what, extKeyUsage, expected) => {
    expect(userOfClientCertificate({ ...cert, extKeyUsage })).toEqual(expected);
  });

  it('leaves a certificate without a CommonName to the other authenticators', () => {
    expect(userOfClientCertificate({ ...cert, commonName: '' })).toBeUndefined();
  });
});
