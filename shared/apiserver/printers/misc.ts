/** Kinds with a column or two beyond Name and Age: namespaces, config, secrets, accounts, leases, budgets. */
import type { ConfigMap, Lease, Namespace, PodDisruptionBudget, Secret, ServiceAccount } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { MISC } from './docs';

const keyCount = (map: Record<string, unknown> | undefined): number => Object.keys(map ?? {}).length;

export const namespacePrinter: Printer = {
  columns: [nameColumn, col('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(obj, now) {
    const namespace = view<Namespace>(obj);
    return [namespace.metadata?.name ?? '', namespace.status?.phase ?? '', age(namespace.metadata?.creationTimestamp, now)];
  },
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, col('Data', 'string', MISC.configMapData), ageColumn],
  cells(obj, now) {
    const configMap = view<ConfigMap>(obj);
    return [
      configMap.metadata?.name ?? '',
      keyCount(configMap.data) + keyCount(configMap.binaryData),
      age(configMap.metadata?.creationTimestamp, now),
    ];
  },
};

export const secretPrinter: Printer = {
  columns: [nameColumn, col('Type', 'string', MISC.secretType), col('Data', 'string', MISC.secretData), ageColumn],
  cells(obj, now) {
    const secret = view<Secret>(obj);
    return [secret.metadata?.name ?? '', secret.type ?? '', keyCount(secret.data), age(secret.metadata?.creationTimestamp, now)];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn, col('Secrets', 'string', MISC.serviceAccountSecrets), ageColumn],
  cells(obj, now) {
    const account = view<ServiceAccount>(obj);
    return [account.metadata?.name ?? '', (account.secrets ?? []).length, age(account.metadata?.creationTimestamp, now)];
  },
};

export const leasePrinter: Printer = {
  columns: [nameColumn, col('Holder', 'string', MISC.leaseHolderIdentity), ageColumn],
  cells(obj, now) {
    const lease = view<Lease>(obj);
    return [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', age(lease.metadata?.creationTimestamp, now)];
  },
};

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    nameColumn,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  cells(obj, now) {
    const budget = view<PodDisruptionBudget>(obj);
    const spec = budget.spec;
    return [
      budget.metadata?.name ?? '',
      spec?.minAvailable !== undefined ? String(spec.minAvailable) : 'N/A',
      spec?.maxUnavailable !== undefined ? String(spec.maxUnavailable) : 'N/A',
      budget.status?.disruptionsAllowed ?? 0,
      age(budget.metadata?.creationTimestamp, now),
    ];
  },
};
