import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { ecCsr, rsaCsr } from '../controllers/certificates/csr-fixtures';

/** The CSR signer and client-certificate authentication, with the real kubectl. */
describe('certificate signing requests', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 0 });
  }, 180_000);
  afterAll(async () => {
    await c?.stop();
  });

  const apply = (obj: object) => c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
  const csr = (name: string, pem: string, signerName: string, usages: string[], expirationSeconds?: number) =>
    apply({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name }, spec: { request: Buffer.from(pem).toString('base64'), signerName, usages, expirationSeconds } });
  const condition = async (name: string) => (await c.kubectl(['get', 'csr', name, '--no-headers'])).stdout.trim().split(/\s+/).pop();

  it('issues an approved client certificate that authenticates as its CN and O', async () => {
    const { pem, privateKey } = ecCsr({ cn: 'jane', o: ['developers'] });
    await csr('jane', pem, 'kubernetes.io/kube-apiserver-client', ['digital signature', 'client auth'], 3600);
    expect(await condition('jane')).toBe('Pending');
    await c.kubectl(['certificate', 'approve', 'jane']);
    await eventually(async () => (await condition('jane')) === 'Approved,Issued');

    const cert = Buffer.from((await c.kubectl(['get', 'csr', 'jane', '-o', 'jsonpath={.status.certificate}'])).stdout, 'base64').toString();
    const x509 = new X509Certificate(cert);
    expect(new Date(x509.validTo).getTime() - new Date(x509.validFrom).getTime()).toBe(3600_000 + 300_000);
    fs.writeFileSync(path.join(c.dir, 'jane.crt'), cert);
    fs.writeFileSync(path.join(c.dir, 'jane.key'), privateKey);
    await c.kubectl(['config', 'set-credentials', 'jane', `--client-certificate=${path.join(c.dir, 'jane.crt')}`, `--client-key=${path.join(c.dir, 'jane.key')}`]);
    await c.kubectl(['config', 'set-context', 'jane', '--cluster=skiff', '--user=jane']);
    const whoami = await c.kubectl(['auth', 'whoami', '--context=jane', '-o', 'json']);
    const status = (JSON.parse(whoami.stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    expect(status).toMatchObject({ username: 'jane', groups: ['developers', 'system:authenticated'] });
    // RBAC applies to the certificate's user as to any other: jane may not list secrets.
    const denied = await c.kubectl(['get', 'secrets', '--context=jane'], { allowFail: true });
    expect(denied.stderr).toContain('User "jane" cannot list resource "secrets" in API group "" in the namespace "default"');
  }, 120_000);

  it('marks a request with the wrong usages Failed, never signs a denied one, leaves other signers alone', async () => {
    const pem = rsaCsr({ cn: 'bob' });
    await csr('bad-usage', pem, 'kubernetes.io/kube-apiserver-client', ['server auth']);
    await csr('denied', pem, 'kubernetes.io/kube-apiserver-client', ['client auth']);
    await csr('theirs', pem, 'example.com/signer', ['client auth']);
    await c.kubectl(['certificate', 'approve', 'bad-usage', 'theirs']);
    await c.kubectl(['certificate', 'deny', 'denied']);
    await eventually(async () => (await condition('bad-usage')) === 'Approved,Failed');
    const failed = JSON.parse((await c.kubectl(['get', 'csr', 'bad-usage', '-o', 'json'])).stdout) as { status: { conditions: { type: string; reason?: string; message?: string }[] } };
    expect(failed.status.conditions.find((x) => x.type === 'Failed')).toMatchObject({ reason: 'SignerValidationFailure', message: 'invalid usage for client certificate: server auth' });
    // A later request's issue shows the signer has caught up with those before it.
    await csr('later', pem, 'kubernetes.io/kube-apiserver-client', ['client auth']);
    await c.kubectl(['certificate', 'approve', 'later']);
    await eventually(async () => (await condition('later')) === 'Approved,Issued');
    expect(await condition('denied')).toBe('Denied');
    expect(await condition('theirs')).toBe('Approved');
  }, 120_000);
});
