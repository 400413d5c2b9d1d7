/**
 * The built-in signers of upstream's csrsigning controller and the checks each makes before it
 * signs (k8s.io/kubernetes pkg/apis/certificates helpers): whether a request is for it, and if it
 * is, what keeps it from being signed.
 */
import type { ParsedCsr } from './csr';

export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';
export const KUBE_APISERVER_CLIENT_KUBELET = 'kubernetes.io/kube-apiserver-client-kubelet';
export const KUBELET_SERVING = 'kubernetes.io/kubelet-serving';

/** Not for a built-in signer; valid; or the reason it may not be signed. */
export type SignerCheck = { recognized: false } | { recognized: true; error?: string };

const sorted = (s: string[]) => `[${[...s].sort().join(' ')}]`;
const sameSet = (a: string[], b: string[]) => new Set(a).size === b.length && b.every((u) => a.includes(u));

function kubeletSubject(csr: ParsedCsr): string | undefined {
  if (csr.organizations.length !== 1 || csr.organizations[0] !== 'system:nodes') return 'subject organization is not system:nodes';
  if (!csr.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  return undefined;
}

function apiServerClient(_csr: ParsedCsr, usages: string[]): string | undefined {
  let clientAuth = false;
  for (const u of usages) {
    if (u === 'client auth') clientAuth = true;
    else if (u !== 'digital signature' && u !== 'key encipherment') return `invalid usage for client certificate: ${u}`;
  }
  return clientAuth ? undefined : 'missing required usage for client certificate: client auth';
}

function kubeletClient(csr: ParsedCsr, usages: string[]): string | undefined {
  const subject = kubeletSubject(csr);
  if (subject) return subject;
  if (csr.dnsNames.length > 0) return 'DNS subjectAltNames are not allowed';
  if (csr.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (csr.ipAddresses.length > 0) return 'IP subjectAltNames are not allowed';
  if (csr.uris.length > 0) return 'URI subjectAltNames are not allowed';
  const required = ['digital signature', 'key encipherment', 'client auth'];
  // Keys other than RSA do no key encipherment, so upstream allows the usages without it.
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'client auth'])) return `usages did not match ${sorted(required)}`;
  return undefined;
}

function kubeletServing(csr: ParsedCsr, usages: string[]): string | undefined {
  const required = ['digital signature', 'key encipherment', 'server auth'];
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'server auth'])) return `usages did not match ${sorted(required)}`;
  const subject = kubeletSubject(csr);
  if (subject) return subject;
  if (csr.dnsNames.length === 0 && csr.ipAddresses.length === 0) return 'DNS or IP subjectAltName is required';
  if (csr.emailAddresses.length > 0) return 'Email subjectAltNames are not allowed';
  if (csr.uris.length > 0) return 'URI subjectAltNames are not allowed';
  return undefined;
}

const CHECKS: Record<string, (csr: ParsedCsr, usages: string[]) => string | undefined> = {
  [KUBE_APISERVER_CLIENT]: apiServerClient,
  [KUBE_APISERVER_CLIENT_KUBELET]: kubeletClient,
  [KUBELET_SERVING]: kubeletServing,
};

export const isBuiltInSigner = (signerName: string): boolean => signerName in CHECKS;

export function checkSigner(signerName: string, csr: ParsedCsr, usages: string[]): SignerCheck {
  const check = CHECKS[signerName];
  if (!check) return { recognized: false };
  const error = check(csr, usages);
  return error ? { recognized: true, error } : { recognized: true };
}
