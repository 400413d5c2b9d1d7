import type { CertificateSigningRequest } from '../../api/types';
import { InvalidDataError } from '../../api/invalid-data';
import { viewOf } from '../../registry/resource';
import { Controller, objectsOf } from '../controller';
import { get, list, resource, updateStatusOf } from '../client';
import { parseCsr } from './csr';
import { issueCertificate } from './issue';
import { checkSigner, isBuiltInSigner } from './signers';

type Condition = NonNullable<NonNullable<CertificateSigningRequest['status']>['conditions']>[number];

const NAME = 'csrsigning';
const CSRS = resource<CertificateSigningRequest>('certificates.k8s.io', 'v1', 'certificatesigningrequests');
const RESOURCE = 'certificatesigningrequests.certificates.k8s.io';

/** Upstream's --cluster-signing-duration default: a year. */
export const DEFAULT_TTL_SECONDS = 365 * 24 * 3600;
/** A requested expiration is never shorter (twice the 5-minute backdate). */
const MIN_TTL_SECONDS = 600;

const isTrue = (csr: CertificateSigningRequest, type: string) => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** Why a request is not for the signer to look at: not approved, denied, failed, issued already, or another signer's. */
export function awaitsSigning(csr: CertificateSigningRequest): boolean {
  if (csr.status?.certificate) return false;
  if (!isTrue(csr, 'Approved') || isTrue(csr, 'Denied') || isTrue(csr, 'Failed')) return false;
  return isBuiltInSigner(csr.spec.signerName);
}

/** The certificate's lifetime: the requested one within [10 minutes, the signing duration]. */
export function ttlSeconds(expirationSeconds: number | undefined, max = DEFAULT_TTL_SECONDS): number {
  if (expirationSeconds === undefined) return max;
  return Math.min(max, Math.max(MIN_TTL_SECONDS, expirationSeconds));
}

/**
 * The outcome for an approved request: the certificate to write, or the Failed condition upstream
 * adds when a request does not meet its signer's rules (its usages, its subject).
 */
export function signingPlan(csr: CertificateSigningRequest, ca: { certPem: string; keyPem: string }, now: Date): { certificate: string } | { failed: Condition } {
  let parsed;
  try {
    parsed = parseCsr(Buffer.from(csr.spec.request, 'base64').toString('utf8'));
  } catch (err) {
    throw new InvalidDataError(`unable to parse csr "${csr.metadata?.name}": ${(err as Error).message}`);
  }
  const usages = csr.spec.usages ?? [];
  const check = checkSigner(csr.spec.signerName, parsed, usages);
  if (check.recognized && check.error) {
    return { failed: { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: check.error, lastUpdateTime: now.toISOString().replace(/\.\d+Z$/, 'Z') } };
  }
  const pem = issueCertificate(ca, parsed, usages, ttlSeconds(csr.spec.expirationSeconds) * 1000, now);
  return { certificate: Buffer.from(pem).toString('base64') };
}

/**
 * Upstream's csrsigning controller for the built-in signers (kube-apiserver-client,
 * kube-apiserver-client-kubelet, kubelet-serving): an approved request is signed with the cluster CA
 * into status.certificate, or marked Failed; other signers' requests are theirs to sign.
 */
export const csrSigningController: Controller = {
  name: NAME,
  filters: [objectsOf(RESOURCE)],
  route(record, key) {
    return key && record.eventName !== 'REMOVE' ? [{ ...key, controller: NAME }] : [];
  },
  async reconcile(ctx, key) {
    const ca = ctx.clusterSigning;
    if (!ca) return {};
    const csr = await get(ctx, CSRS, undefined, key.name);
    if (!csr || !awaitsSigning(csr)) return {};
    const plan = signingPlan(csr, ca, new Date());
    await updateStatusOf(ctx, CSRS, csr, (current) => {
      const now = viewOf<CertificateSigningRequest>(current);
      if (!awaitsSigning(now)) return undefined;
      if ('certificate' in plan) return { ...now.status, certificate: plan.certificate };
      return { ...now.status, conditions: [...(now.status?.conditions ?? []), plan.failed] };
    });
    return {};
  },
  async resync(ctx) {
    if (!ctx.clusterSigning) return [];
    return (await list(ctx, CSRS)).filter(awaitsSigning).map((c) => ({ resource: RESOURCE, name: String(c.metadata.name), controller: NAME }));
  },
};
