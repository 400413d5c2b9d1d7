/** Printers for webhook configurations, priority classes, quotas, limit ranges, network policies, runtime classes, APIServices, CSRs, component statuses (upstream's v1.33 columns). */
import type { APIService, CertificateSigningRequest, ComponentStatus, LimitRange, MutatingWebhookConfiguration, NetworkPolicy, PriorityClass, ResourceQuota, RuntimeClass } from '../../api/types';
import { age, humanDuration } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { formatLabelSelector } from './format';

const name = (o: { metadata?: { name?: string } }) => o.metadata?.name ?? '';

export const webhookConfigurationPrinter: Printer = {
  columns: [nameColumn, col('Webhooks', 'integer', 'Webhooks is the number of webhooks in the configuration'), ageColumn],
  cells(obj, now) {
    const c = view<MutatingWebhookConfiguration>(obj);
    return [name(c), (c.webhooks ?? []).length, age(c.metadata?.creationTimestamp, now)];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [
    nameColumn,
    col('Value', 'integer', 'value is the integer value of this priority class.'),
    col('Global-Default', 'boolean', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.'),
    ageColumn,
    col('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells(obj, now) {
    const pc = view<PriorityClass>(obj);
    return [name(pc), pc.value, pc.globalDefault ?? false, age(pc.metadata?.creationTimestamp, now), pc.preemptionPolicy ?? ''];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [nameColumn, ageColumn, col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'), col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.')],
  cells(obj, now) {
    const q = view<ResourceQuota>(obj);
    const hard = (q.status?.hard ?? {}) as Record<string, string | number>;
    const used = (q.status?.used ?? {}) as Record<string, string | number>;
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const cell = `${r}: ${String(used[r] ?? '0')}/${String(hard[r])}`;
      (r.startsWith('limits') ? limits : requests).push(cell);
    }
    return [name(q), age(q.metadata?.creationTimestamp, now), requests.join(', '), limits.join(', ')];
  },
};

export const limitRangePrinter: Printer = {
  columns: [nameColumn, col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  cells(obj) {
    const lr = view<LimitRange>(obj);
    return [name(lr), lr.metadata?.creationTimestamp ?? ''];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [nameColumn, col('Pod-Selector', 'string', 'podSelector selects the pods to which this NetworkPolicy object applies.'), ageColumn],
  cells(obj, now) {
    const np = view<NetworkPolicy>(obj);
    return [name(np), formatLabelSelector(np.spec?.podSelector), age(np.metadata?.creationTimestamp, now)];
  },
};

export const runtimeClassPrinter: Printer = {
  columns: [nameColumn, col('Handler', 'string', 'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.'), ageColumn],
  cells(obj, now) {
    const rc = view<RuntimeClass>(obj);
    return [name(rc), rc.handler ?? '', age(rc.metadata?.creationTimestamp, now)];
  },
};

export const apiServicePrinter: Printer = {
  columns: [nameColumn, col('Service', 'string', 'The reference to the service that hosts this API endpoint.'), col('Available', 'string', 'Whether this service is available.'), ageColumn],
  cells(obj, now) {
    const api = view<APIService>(obj);
    const svc = api.spec?.service;
    const available = (api.status?.conditions ?? []).find((c) => c.type === 'Available');
    const cell = !available ? 'Unknown' : available.status === 'True' ? 'True' : `${available.status} (${available.reason ?? ''})`;
    return [name(api), svc ? `${svc.namespace ?? ''}/${svc.name ?? ''}` : 'Local', cell, age(api.metadata?.creationTimestamp, now)];
  },
};

export const csrPrinter: Printer = {
  columns: [
    nameColumn,
    ageColumn,
    col('SignerName', 'string', 'Only one of approved or denied may be specified.'),
    col('Requestor', 'string', 'Name of the user that requested the CSR.'),
    col('RequestedDuration', 'string', 'The requested validity of the issued certificate.'),
    col('Condition', 'string', 'The certificate status of the request.'),
  ],
  cells(obj, now) {
    const csr = view<CertificateSigningRequest>(obj);
    const types = (csr.status?.conditions ?? []).filter((c) => c.status !== 'False').map((c) => c.type);
    let condition = types.length > 0 ? types.join(',') : 'Pending';
    if (csr.status?.certificate) condition += ',Issued';
    const seconds = csr.spec?.expirationSeconds;
    return [name(csr), age(csr.metadata?.creationTimestamp, now), csr.spec?.signerName ?? '', csr.spec?.username ?? '', seconds ? humanDuration(seconds * 1000) : '<none>', condition];
  },
};

export const componentStatusPrinter: Printer = {
  columns: [
    nameColumn,
    col('Status', 'string', 'Status of the component conditions'),
    col('Message', 'string', 'Message of the component conditions'),
    col('Error', 'string', 'Error of the component conditions'),
  ],
  cells(obj) {
    const cs = view<ComponentStatus>(obj);
    const healthy = (cs.conditions ?? []).find((c) => c.type === 'Healthy');
    const status = healthy?.status === 'True' ? 'Healthy' : healthy?.status === 'False' ? 'Unhealthy' : 'Unknown';
    return [name(cs), status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
