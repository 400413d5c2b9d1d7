/** NetworkPolicy, RuntimeClass, APIService and CertificateSigningRequest: upstream's defaults and checks. */
import type { StatusCause } from '../../api/errors';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { validateDns1123Label } from '../../api/validation/names';
import type { APIService, CertificateSigningRequest, NetworkPolicy, RuntimeClass } from '../../api/types';
import type { Strategy } from '../resource';

export const networkPolicyStrategy: Strategy = {
  defaults(obj) {
    const spec = ((obj as NetworkPolicy).spec ??= {});
    spec.podSelector ??= {};
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const p of rule.ports ?? []) p.protocol ??= 'TCP';
    if (!spec.policyTypes) spec.policyTypes = spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  },
  validate(obj) {
    const spec = (obj as NetworkPolicy).spec ?? {};
    const causes: StatusCause[] = [];
    for (const [i, t] of (spec.policyTypes ?? []).entries()) if (!['Ingress', 'Egress'].includes(t)) causes.push(notSupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
    const peers = (rules: { from?: unknown[]; to?: unknown[] }[] | undefined, dir: string, field: 'from' | 'to') =>
      (rules ?? []).forEach((r, i) =>
        ((r[field] ?? []) as { podSelector?: unknown; namespaceSelector?: unknown; ipBlock?: { cidr: string } }[]).forEach((p, j) => {
          const path = `spec.${dir}[${i}].${field}[${j}]`;
          const n = [p.podSelector, p.namespaceSelector].filter((x) => x !== undefined).length;
          if (p.ipBlock && n > 0) causes.push(forbidden(path, 'may not specify both ipBlock and another peer'));
          if (!p.ipBlock && n === 0) causes.push(required(path, 'must specify a peer'));
          if (p.ipBlock && !/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(p.ipBlock.cidr)) causes.push(invalid(`${path}.ipBlock.cidr`, p.ipBlock.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
        }),
      );
    peers(spec.ingress, 'ingress', 'from');
    peers(spec.egress, 'egress', 'to');
    return causes;
  },
};

export const runtimeClassStrategy: Strategy = {
  validate(obj, old) {
    const rc = obj as RuntimeClass;
    const causes = validateDns1123Label(rc.handler ?? '').map((m) => invalid('handler', rc.handler, m));
    if (old && (old as RuntimeClass).handler !== rc.handler) causes.push(invalid('handler', rc.handler, 'field is immutable'));
    return causes;
  },
};

export const apiServiceStrategy: Strategy = {
  defaults(obj) {
    const service = (obj as APIService).spec?.service;
    if (service && service.port === undefined) service.port = 443;
  },
  validate(obj) {
    const api = obj as APIService;
    const spec = api.spec;
    const causes: StatusCause[] = [];
    if (!spec) return [required('spec')];
    const expected = `${String(spec.version)}.${spec.group ?? ''}`;
    if (api.metadata?.name !== expected) causes.push(invalid('metadata.name', api.metadata?.name, `must be ${expected}`));
    if (!spec.version) causes.push(required('spec.version'));
    if (!spec.group && api.metadata?.name !== 'v1.') causes.push(required('spec.group', 'only v1 may have an empty group and it better be legacy kube'));
    if (spec.groupPriorityMinimum <= 0 || spec.groupPriorityMinimum > 20000) causes.push(invalid('spec.groupPriorityMinimum', spec.groupPriorityMinimum, 'must be positive and less than 20000'));
    if (spec.versionPriority <= 0 || spec.versionPriority > 1000) causes.push(invalid('spec.versionPriority', spec.versionPriority, 'must be positive and less than 1000'));
    if (!spec.service && (spec.caBundle || spec.insecureSkipTLSVerify)) causes.push(required('spec.service', 'required when caBundle or insecureSkipTLSVerify is set'));
    if (spec.service && spec.insecureSkipTLSVerify && spec.caBundle) causes.push(invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
    return causes;
  },
};

const CSR_USAGES = ['signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc'];

export const csrStrategy: Strategy = {
  validate(obj, old) {
    const csr = obj as CertificateSigningRequest;
    const causes: StatusCause[] = [];
    const pem = Buffer.from(csr.spec?.request ?? '', 'base64').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) causes.push(invalid('spec.request', '<omitted>', 'PEM block type must be CERTIFICATE REQUEST'));
    if (!csr.spec?.signerName) causes.push(required('spec.signerName'));
    else if (!/^[a-z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(csr.spec.signerName)) causes.push(invalid('spec.signerName', csr.spec.signerName, 'must be a fully qualified domain and path of the form \'example.com/signer-name\''));
    if (csr.spec?.expirationSeconds !== undefined && csr.spec.expirationSeconds < 600) causes.push(invalid('spec.expirationSeconds', csr.spec.expirationSeconds, 'may not specify an expiration less than 600 seconds (10 minutes)'));
    for (const [i, u] of (csr.spec?.usages ?? []).entries()) if (!CSR_USAGES.includes(u)) causes.push(notSupported(`spec.usages[${i}]`, u, CSR_USAGES));
    const types = (csr.status?.conditions ?? []).map((c) => c.type);
    if (types.includes('Approved') && types.includes('Denied')) causes.push(invalid('status.conditions', 'Approved', 'Approved and Denied conditions are mutually exclusive'));
    if (old) {
      const was = ((old as CertificateSigningRequest).status?.conditions ?? []).map((c) => c.type);
      for (const t of ['Approved', 'Denied']) if (was.includes(t) && !types.includes(t)) causes.push(forbidden('status.conditions', `updates may not remove a condition of type "${t}"`));
    }
    return causes;
  },
};
