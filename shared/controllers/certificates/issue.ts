/**
 * Issuing an X.509 certificate from a certificate request with the cluster CA, as upstream's
 * certificate authority does under its PermissiveSigningPolicy: the request's subject, key and
 * subject alternative names; the CSR's usages; its own extensions dropped; never a CA; NotBefore
 * backdated 5 minutes; NotAfter at most the CA's.
 */
import { createHash, createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { ipBytes } from './net';
import { bitString, childrenOf, encode, oid, pemBlock, readTlv, sequence, TAG, time, toPem, unsignedInteger } from './der';
import type { ParsedCsr } from './csr';
import type { RestContext } from '../../registry/context';

export type ClusterCa = NonNullable<RestContext['clusterSigning']>;

const BACKDATE_MS = 5 * 60_000;
/** Below this a certificate's NotAfter is not backdated (upstream's Short). */
const SHORT_MS = 8 * 3600_000;

const KEY_USAGE_BITS: Record<string, number> = {
  signing: 0,
  'digital signature': 0,
  'content commitment': 1,
  'key encipherment': 2,
  'key agreement': 3,
  'data encipherment': 4,
  'cert sign': 5,
  'crl sign': 6,
  'encipher only': 7,
  'decipher only': 8,
};

const EXT_KEY_USAGE: Record<string, string> = {
  any: '2.5.29.37.0',
  'server auth': '1.3.6.1.5.5.7.3.1',
  'client auth': '1.3.6.1.5.5.7.3.2',
  'code signing': '1.3.6.1.5.5.7.3.3',
  'email protection': '1.3.6.1.5.5.7.3.4',
  's/mime': '1.3.6.1.5.5.7.3.4',
  'ipsec end system': '1.3.6.1.5.5.7.3.5',
  'ipsec tunnel': '1.3.6.1.5.5.7.3.6',
  'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8',
  'ocsp signing': '1.3.6.1.5.5.7.3.9',
  'microsoft sgc': '1.3.6.1.4.1.311.10.3.3',
  'netscape sgc': '2.16.840.1.113730.4.1',
};

/** The validity upstream's policy gives a certificate of `ttlMs` signed `now` by a CA valid until `caNotAfter`. */
export function validity(now: Date, ttlMs: number, caNotAfter: Date): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  let notAfter = new Date(now.getTime() + (ttlMs < SHORT_MS ? ttlMs : ttlMs - BACKDATE_MS));
  if (notAfter >= caNotAfter) notAfter = caNotAfter;
  if (notBefore >= caNotAfter) throw new Error(`the signer has expired: NotAfter=${caNotAfter.toISOString()}`);
  if (now >= caNotAfter) throw new Error(`refusing to sign a certificate that expired in the past: NotAfter=${caNotAfter.toISOString()}`);
  return { notBefore, notAfter };
}

/** The PEM certificate for `csr` with `usages`, valid for `ttlMs` from `now`. */
export function issueCertificate(ca: ClusterCa, csr: ParsedCsr, usages: string[], ttlMs: number, now = new Date()): string {
  const caDer = pemBlock(ca.certPem, 'CERTIFICATE');
  if (!caDer) throw new Error('the cluster CA certificate is not PEM');
  const caCert = new X509Certificate(caDer);
  const caFields = tbsFields(caDer);
  const { notBefore, notAfter } = validity(now, ttlMs, new Date(caCert.validTo));
  const key = createPrivateKey(ca.keyPem);
  const rsa = key.asymmetricKeyType === 'rsa';
  const algorithm = rsa ? sequence(oid('1.2.840.113549.1.1.11'), encode(TAG.NULL)) : sequence(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = sequence(
    encode(0xa0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(serial),
    algorithm,
    caFields.subject,
    sequence(time(notBefore), time(notAfter)),
    csr.subject,
    csr.publicKey,
    encode(0xa3, sequence(...extensions(csr, usages, caFields.keyId))),
  );
  const signature = sign('sha256', tbs, key);
  return toPem(sequence(tbs, algorithm, bitString(signature)), 'CERTIFICATE');
}

function extensions(csr: ParsedCsr, usages: string[], caKeyId: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const bits = [...new Set(usages.filter((u) => u in KEY_USAGE_BITS).map((u) => KEY_USAGE_BITS[u]))];
  if (bits.length > 0) out.push(extension('2.5.29.15', true, keyUsage(bits)));
  const ext = [...new Set(usages.filter((u) => u in EXT_KEY_USAGE).map((u) => EXT_KEY_USAGE[u]))];
  if (ext.length > 0) out.push(extension('2.5.29.37', false, sequence(...ext.map(oid))));
  out.push(extension('2.5.29.19', true, sequence()));
  out.push(extension('2.5.29.35', false, sequence(encode(0x80, caKeyId))));
  const names = [
    ...csr.dnsNames.map((n) => encode(0x82, Buffer.from(n, 'ascii'))),
    ...csr.emailAddresses.map((n) => encode(0x81, Buffer.from(n, 'ascii'))),
    ...csr.ipAddresses.map((n) => encode(0x87, ipBytes(n))),
    ...csr.uris.map((n) => encode(0x86, Buffer.from(n, 'ascii'))),
  ];
  // RFC 5280: the extension is critical when the subject is empty.
  if (names.length > 0) out.push(extension('2.5.29.17', childrenOf(readTlv(csr.subject)).length === 0, sequence(...names)));
  return out;
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [encode(TAG.BOOLEAN, Buffer.from([0xff]))] : []), encode(TAG.OCTET_STRING, value));
}

/** A KeyUsage BIT STRING with the named bits, its trailing zero bits counted as unused, as DER wants. */
function keyUsage(bits: number[]): Buffer {
  const bytes = Buffer.alloc(2);
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7);
  const used = bytes[1] === 0 ? bytes.subarray(0, 1) : bytes;
  const last = used[used.length - 1];
  let unused = 0;
  while (unused < 7 && !(last & (1 << unused))) unused++;
  return bitString(used, unused);
}

/** The CA certificate's subject (the issuer of what it signs) and its key identifier. */
function tbsFields(caDer: Buffer): { subject: Buffer; keyId: Buffer } {
  const tbs = childrenOf(childrenOf(readTlv(caDer))[0]);
  const fields = tbs[0].tag === 0xa0 ? tbs.slice(1) : tbs;
  const [, , , , subject, spki, ...rest] = fields;
  for (const r of rest.filter((f) => f.tag === 0xa3)) {
    for (const ext of childrenOf(childrenOf(r)[0])) {
      const parts = childrenOf(ext);
      if (parts[0].content.equals(oid('2.5.29.14').subarray(2))) return { subject: subject.bytes, keyId: readTlv(parts[parts.length - 1].content).content };
    }
  }
  // No subjectKeyIdentifier: RFC 5280's method 1, the SHA-1 of the public key's bits.
  const key = childrenOf(spki)[1];
  return { subject: subject.bytes, keyId: createHash('sha1').update(key.content.subarray(1)).digest() };
}
