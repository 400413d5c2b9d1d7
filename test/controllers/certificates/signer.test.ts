import { X509Certificate } from 'node:crypto';
import type { CertificateSigningRequest } from '../../../shared/api/types';
import { awaitsSigning, signingPlan, ttlSeconds } from '../../../shared/controllers/certificates/signer';
import { parseCsr } from '../../../shared/controllers/certificates/csr';
import { checkSigner } from '../../../shared/controllers/certificates/signers';
import { validity } from '../../../shared/controllers/certificates/issue';
import { createPki } from '../../../local/pki';
import { ecCsr, rsaCsr } from './csr-fixtures';

const { pki, caKey } = createPki();
const ca = { certPem: pki.caCert, keyPem: caKey };
const NOW = new Date();

const csrOf = (pem: string, signerName: string, usages: string[], extra: Partial<CertificateSigningRequest['spec']> = {}, conditions = [{ type: 'Approved', status: 'True' }]): CertificateSigningRequest => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name: 'x' },
  spec: { request: Buffer.from(pem).toString('base64'), signerName, usages, ...extra },
  status: { conditions },
});

describe('csr parsing', () => {
  it('reads subject and SANs of an RSA request and of an ECDSA one', () => {
    expect(parseCsr(rsaCsr({ cn: 'jane', o: ['dev', 'ops'], dns: ['a.example'], ips: ['10.0.0.1'] }))).toMatchObject({ commonName: 'jane', organizations: ['dev', 'ops'], dnsNames: ['a.example'], ipAddresses: ['10.0.0.1'], keyType: 'rsa' });
    expect(parseCsr(ecCsr({ cn: 'system:node:n1', o: ['system:nodes'], dns: ['n1'] }).pem)).toMatchObject({ commonName: 'system:node:n1', organizations: ['system:nodes'], dnsNames: ['n1'], keyType: 'ec' });
  });

  it('refuses a request whose signature does not match', () => {
    expect(() => parseCsr(ecCsr({ cn: 'x' }, true).pem)).toThrow('x509: EC verification failure');
  });
});

describe('signer checks', () => {
  const client = parseCsr(rsaCsr({ cn: 'jane' }));
  const node = parseCsr(rsaCsr({ cn: 'system:node:n1', o: ['system:nodes'] }));
  const serving = parseCsr(rsaCsr({ cn: 'system:node:n1', o: ['system:nodes'], ips: ['10.0.0.1'] }));
  it.each([
    ['kubernetes.io/kube-apiserver-client', client, ['client auth'], undefined],
    ['kubernetes.io/kube-apiserver-client', client, ['digital signature', 'key encipherment', 'client auth'], undefined],
    ['kubernetes.io/kube-apiserver-client', client, ['server auth'], 'invalid usage for client certificate: server auth'],
    ['kubernetes.io/kube-apiserver-client', client, ['digital signature'], 'missing required usage for client certificate: client auth'],
    ['kubernetes.io/kube-apiserver-client-kubelet', node, ['digital signature', 'client auth'], undefined],
    ['kubernetes.io/kube-apiserver-client-kubelet', client, ['digital signature', 'client auth'], 'subject organization is not system:nodes'],
    ['kubernetes.io/kube-apiserver-client-kubelet', serving, ['digital signature', 'client auth'], 'IP subjectAltNames are not allowed'],
    ['kubernetes.io/kube-apiserver-client-kubelet', node, ['client auth'], 'usages did not match [client auth digital signature key encipherment]'],
    ['kubernetes.io/kubelet-serving', serving, ['digital signature', 'key encipherment', 'server auth'], undefined],
    ['kubernetes.io/kubelet-serving', node, ['digital signature', 'server auth'], 'DNS or IP subjectAltName is required'],
    ['kubernetes.io/kubelet-serving', parseCsr(rsaCsr({ cn: 'n1', o: ['system:nodes'], ips: ['10.0.0.1'] })), ['digital signature', 'server auth'], 'subject common name does not begin with system:node:'],
  ])('%s with %j usages %j: %s', (signer, csr, usages, error) => {
    expect(checkSigner(signer, csr, usages)).toEqual(error ? { recognized: true, error } : { recognized: true });
  });

  it('does not recognize another signer', () => {
    expect(checkSigner('example.com/mine', client, ['client auth'])).toEqual({ recognized: false });
  });
});

describe('csrsigning plan', () => {
  it('issues a client certificate chained to the cluster CA with the subject, usages and requested lifetime', () => {
    const plan = signingPlan(csrOf(rsaCsr({ cn: 'jane', o: ['dev'] }), 'kubernetes.io/kube-apiserver-client', ['digital signature', 'client auth'], { expirationSeconds: 3600 }), ca, NOW);
    if (!('certificate' in plan)) throw new Error('not signed');
    const cert = new X509Certificate(Buffer.from(plan.certificate, 'base64').toString());
    expect(cert.verify(new X509Certificate(pki.caCert).publicKey)).toBe(true);
    expect(cert.subject).toBe('CN=jane\nO=dev');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(new Date(cert.validTo).getTime() - NOW.getTime()).toBeLessThanOrEqual(3600_000);
    expect(new Date(cert.validTo).getTime() - NOW.getTime()).toBeGreaterThan(3590_000);
    expect(NOW.getTime() - new Date(cert.validFrom).getTime()).toBeGreaterThanOrEqual(299_000);
  });

  it('issues a serving certificate for an ECDSA kubelet request with its SANs', () => {
    const plan = signingPlan(csrOf(ecCsr({ cn: 'system:node:n1', o: ['system:nodes'], dns: ['n1.example'] }).pem, 'kubernetes.io/kubelet-serving', ['digital signature', 'server auth']), ca, NOW);
    if (!('certificate' in plan)) throw new Error('not signed');
    const cert = new X509Certificate(Buffer.from(plan.certificate, 'base64').toString());
    expect(cert.subjectAltName).toBe('DNS:n1.example');
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.checkIssued(new X509Certificate(pki.caCert))).toBe(true);
  });

  it('marks a request that breaks its signer\'s rules Failed with SignerValidationFailure', () => {
    const plan = signingPlan(csrOf(rsaCsr({ cn: 'jane' }), 'kubernetes.io/kube-apiserver-client', ['server auth']), ca, NOW);
    expect(plan).toEqual({ failed: expect.objectContaining({ type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: 'invalid usage for client certificate: server auth' }) });
  });

  it.each([
    ['pending', [], true, false],
    ['approved', [{ type: 'Approved', status: 'True' }], true, true],
    ['denied', [{ type: 'Denied', status: 'True' }], true, false],
    ['failed', [{ type: 'Approved', status: 'True' }, { type: 'Failed', status: 'True' }], true, false],
    ['another signer\'s', [{ type: 'Approved', status: 'True' }], false, false],
  ])('a %s request awaits signing: %s', (_what, conditions, builtIn, expected) => {
    const csr = csrOf('', builtIn ? 'kubernetes.io/kube-apiserver-client' : 'example.com/mine', ['client auth'], {}, conditions);
    expect(awaitsSigning(csr)).toBe(expected);
  });

  it('never signs twice', () => {
    const csr = csrOf('', 'kubernetes.io/kube-apiserver-client', ['client auth']);
    csr.status = { ...csr.status, certificate: 'aXNzdWVk' };
    expect(awaitsSigning(csr)).toBe(false);
  });

  it.each([
    [undefined, 365 * 24 * 3600],
    [100, 600],
    [86400, 86400],
    [10 * 365 * 24 * 3600, 365 * 24 * 3600],
  ])('expirationSeconds %s gives a lifetime of %s s', (requested, expected) => {
    expect(ttlSeconds(requested)).toBe(expected);
  });

  it('backdates NotAfter of long-lived certificates only, and caps it at the CA\'s', () => {
    const caEnd = new Date(NOW.getTime() + 10 * 24 * 3600_000);
    expect(validity(NOW, 3600_000, caEnd).notAfter.getTime()).toBe(NOW.getTime() + 3600_000);
    expect(validity(NOW, 24 * 3600_000, caEnd).notAfter.getTime()).toBe(NOW.getTime() + 24 * 3600_000 - 300_000);
    expect(validity(NOW, 365 * 24 * 3600_000, caEnd).notAfter).toEqual(caEnd);
    expect(() => validity(NOW, 3600_000, new Date(NOW.getTime() - 600_000))).toThrow('the signer has expired');
    expect(() => validity(NOW, 3600_000, new Date(NOW.getTime() - 1000))).toThrow('refusing to sign a certificate that expired in the past');
  });
});
