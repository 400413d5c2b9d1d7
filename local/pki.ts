import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** The CA's private key: the controller-manager's CSR signer signs with it (absent from a data directory made before it was kept). */
  caKey?: string;
}

function keyPair(): forge.pki.rsa.KeyPair {
  return forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

function serial(): string {
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

/**
 * A cluster CA and a serving certificate for 127.0.0.1/localhost, made once and kept in `dir`
 * (kubectl will not send a bearer token over plain HTTP, so the local API is HTTPS).
 */
export function ensurePki(dir: string): Pki {
  const files = { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'apiserver.crt'), key: path.join(dir, 'apiserver.key'), caKey: path.join(dir, 'ca.key') };
  if (fs.existsSync(files.ca) && fs.existsSync(files.cert) && fs.existsSync(files.key)) {
    const caKey = fs.existsSync(files.caKey) ? fs.readFileSync(files.caKey, 'utf8') : undefined;
    return { caCert: fs.readFileSync(files.ca, 'utf8'), serverCert: fs.readFileSync(files.cert, 'utf8'), serverKey: fs.readFileSync(files.key, 'utf8'), caKey };
  }
  const { pki, caKey } = createPki();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(files.ca, pki.caCert);
  fs.writeFileSync(files.cert, pki.serverCert);
  fs.writeFileSync(files.key, pki.serverKey, { mode: 0o600 });
  fs.writeFileSync(files.caKey, caKey, { mode: 0o600 });
  return { ...pki, caKey };
}

/** A new CA and serving certificate, kept nowhere: an in-memory cluster's own, shared with no other. */
export function createPki(): { pki: Pki; caKey: string } {
  const now = new Date();
  const later = (years: number) => new Date(now.getTime() + years * 365 * 24 * 3600 * 1000);

  const caKeys = keyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(now.getTime() - 60_000);
  ca.validity.notAfter = later(10);
  const caName = [{ name: 'commonName', value: 'skiff-ca' }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = later(2);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes' },
        { type: 2, value: 'kubernetes.default' },
        { type: 2, value: 'kubernetes.default.svc' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '10.96.0.1' },
      ],
    },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  const pki = {
    caCert: forge.pki.certificateToPem(ca),
    serverCert: forge.pki.certificateToPem(cert),
    serverKey: forge.pki.privateKeyToPem(serverKeys.privateKey),
  };
  const caKey = forge.pki.privateKeyToPem(caKeys.privateKey);
  return { pki: { ...pki, caKey }, caKey };
}
