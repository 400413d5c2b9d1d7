/**
 * Upstream's x509 client-certificate authenticator (--client-ca-file): a certificate the transport
 * verified against the cluster CA names its user by its subject, CommonName as the username and
 * each Organization as a group. The TLS server checks the chain and dates; this checks the rest.
 */
import type { UserInfo } from '../user';

/** What the transport tells of a verified client certificate. */
export interface ClientCertificate {
  commonName: string;
  organizations: string[];
  /** The certificate's extended key usages (OIDs); absent means any. */
  extKeyUsage?: string[];
  /** SHA-256 of the certificate's DER, hex. */
  sha256: string;
}

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_USAGE = '2.5.29.37.0';

/** The user, nobody (no CommonName: left to the other authenticators, as upstream), or why not. */
export function userOfClientCertificate(cert: ClientCertificate): { user: UserInfo } | { error: string } | undefined {
  if (cert.extKeyUsage && !cert.extKeyUsage.includes(CLIENT_AUTH) && !cert.extKeyUsage.includes(ANY_USAGE)) {
    return { error: 'x509: certificate specifies an incompatible key usage' };
  }
  if (!cert.commonName) return undefined;
  const groups = [...cert.organizations];
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { user: { username: cert.commonName, groups, extra: { 'authentication.kubernetes.io/credential-id': [`X509SHA256=${cert.sha256}`] } } };
}
