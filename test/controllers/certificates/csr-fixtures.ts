/** Certificate requests for the signer's tests: RSA ones from node-forge, EC ones built from DER by hand. */
import { generateKeyPairSync, sign } from 'node:crypto';
import forge from 'node-forge';
import { bitString, encode, oid, sequence, TAG, toPem } from '../../../shared/controllers/certificates/der';

export interface CsrOptions {
  cn: string;
  o?: string[];
  dns?: string[];
  ips?: string[];
}

export function rsaCsr(opts: CsrOptions): string {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = keys.publicKey;
  csr.setSubject([{ name: 'commonName', value: opts.cn }, ...(opts.o ?? []).map((value) => ({ name: 'organizationName', value }))]);
  const altNames = [...(opts.dns ?? []).map((value) => ({ type: 2, value })), ...(opts.ips ?? []).map((ip) => ({ type: 7, ip }))];
  if (altNames.length) csr.setAttributes([{ name: 'extensionRequest', extensions: [{ name: 'subjectAltName', altNames }] }]);
  csr.sign(keys.privateKey);
  return forge.pki.certificationRequestToPem(csr);
}

/** An ECDSA P-256 request (as kubelets make them), signed with ecdsa-with-SHA256. */
export function ecCsr(opts: CsrOptions, tamper = false): { pem: string; privateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rdn = (id: string, v: string) => encode(TAG.SET, sequence(oid(id), encode(TAG.UTF8, Buffer.from(v))));
  const subject = sequence(rdn('2.5.4.10', (opts.o ?? [])[0] ?? 'none'), rdn('2.5.4.3', opts.cn));
  const sans = (opts.dns ?? []).map((d) => encode(0x82, Buffer.from(d)));
  const ext = sequence(sequence(oid('2.5.29.17'), encode(TAG.OCTET_STRING, sequence(...sans))));
  const attrs = encode(0xa0, ...(sans.length ? [sequence(oid('1.2.840.113549.1.9.14'), encode(TAG.SET, ext))] : []));
  const info = sequence(encode(TAG.INTEGER, Buffer.from([0])), subject, publicKey.export({ format: 'der', type: 'spki' }), attrs);
  const sig = sign('sha256', tamper ? Buffer.concat([info, Buffer.from([0])]) : info, privateKey);
  const pem = toPem(sequence(info, sequence(oid('1.2.840.10045.4.3.2')), bitString(sig)), 'CERTIFICATE REQUEST');
  return { pem, privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}
