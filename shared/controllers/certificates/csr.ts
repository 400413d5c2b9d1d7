/** A PKCS#10 certificate request, read as upstream's x509.ParseCertificateRequest reads one, its signature checked. */
import { createPublicKey, verify } from 'node:crypto';
import { childrenOf, oidOf, pemBlock, readTlv, TAG, Tlv } from './der';

export interface ParsedCsr {
  /** The subject Name's exact DER, copied into the certificate. */
  subject: Buffer;
  commonName: string;
  organizations: string[];
  /** The SubjectPublicKeyInfo's exact DER. */
  publicKey: Buffer;
  /** 'rsa', 'ec', 'ed25519', ... (node's asymmetricKeyType). */
  keyType: string;
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses: string[];
  uris: string[];
}

const OID = { commonName: '2.5.4.3', organization: '2.5.4.10', extensionRequest: '1.2.840.113549.1.9.14', subjectAltName: '2.5.29.17' };

/** Signature algorithms a CSR may use, and the digest each implies (null: the algorithm names its own). */
const SIGNATURE_HASH: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
};

/** The request in `pem`; anything unreadable or badly signed throws with the reason. */
export function parseCsr(pem: string): ParsedCsr {
  const der = pemBlock(pem, 'CERTIFICATE REQUEST');
  if (!der) throw new Error('PEM block type must be CERTIFICATE REQUEST');
  const [info, algorithm, signature] = childrenOf(readTlv(der));
  if (!info || !algorithm || signature?.tag !== TAG.BIT_STRING) throw new Error('x509: malformed certificate request');
  const [, subject, spki, attributes] = childrenOf(info);
  const algOid = oidOf(childrenOf(algorithm)[0]);
  if (!(algOid in SIGNATURE_HASH)) throw new Error(`x509: cannot verify signature: algorithm unimplemented (${algOid})`);
  const key = createPublicKey({ key: spki.bytes, format: 'der', type: 'spki' });
  if (!verify(SIGNATURE_HASH[algOid], info.bytes, key, signature.content.subarray(1))) throw new Error(key.asymmetricKeyType === 'rsa' ? 'crypto/rsa: verification error' : `x509: ${String(key.asymmetricKeyType).toUpperCase()} verification failure`);
  const names = subjectNames(subject);
  const sans = attributes ? subjectAltNames(attributes) : { dnsNames: [], ipAddresses: [], emailAddresses: [], uris: [] };
  return { subject: subject.bytes, ...names, publicKey: spki.bytes, keyType: key.asymmetricKeyType ?? 'unknown', ...sans };
}

function subjectNames(subject: Tlv): { commonName: string; organizations: string[] } {
  let commonName = '';
  const organizations: string[] = [];
  for (const rdn of childrenOf(subject)) {
    for (const atv of childrenOf(rdn)) {
      const [type, value] = childrenOf(atv);
      const o = oidOf(type);
      if (o === OID.commonName) commonName = value.content.toString('utf8');
      if (o === OID.organization) organizations.push(value.content.toString('utf8'));
    }
  }
  return { commonName, organizations };
}

function subjectAltNames(attributes: Tlv): Pick<ParsedCsr, 'dnsNames' | 'ipAddresses' | 'emailAddresses' | 'uris'> {
  const out = { dnsNames: [] as string[], ipAddresses: [] as string[], emailAddresses: [] as string[], uris: [] as string[] };
  for (const attribute of childrenOf(attributes)) {
    const [type, values] = childrenOf(attribute);
    if (oidOf(type) !== OID.extensionRequest) continue;
    for (const extension of childrenOf(childrenOf(values)[0])) {
      const parts = childrenOf(extension);
      if (oidOf(parts[0]) !== OID.subjectAltName) continue;
      const names = readTlv(parts[parts.length - 1].content);
      for (const n of childrenOf(names)) {
        if (n.tag === 0x82) out.dnsNames.push(n.content.toString('ascii'));
        if (n.tag === 0x81) out.emailAddresses.push(n.content.toString('ascii'));
        if (n.tag === 0x86) out.uris.push(n.content.toString('ascii'));
        if (n.tag === 0x87) out.ipAddresses.push(ipString(n.content));
      }
    }
  }
  return out;
}

function ipString(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  const groups: string[] = [];
  for (let i = 0; i < b.length; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}
