import { ConfigMap, Lease, Namespace, PodDisruptionBudget, Secret, ServiceAccount } from '../../../shared/api/types';
import {
  configMapPrinter,
  leasePrinter,
  namespacePrinter,
  podDisruptionBudgetPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from '../../../shared/apiserver/printers/misc';
import { HOUR, ago, columnShape, row } from './fixtures';

const metadata = { name: 'x', creationTimestamp: ago(HOUR) };
const budgetStatus = { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 };

describe('namespacePrinter', () => {
  it('prints the phase as Status', () => {
    expect(row(namespacePrinter, Namespace.parse({ metadata, status: { phase: 'Terminating' } }))).toEqual({ Name: 'x', Status: 'Terminating', Age: '60m' });
  });
});

describe('configMapPrinter', () => {
  it.each([
    ['counts data and binaryData keys', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, 3],
    ['prints 0 for an empty config map', {}, 0],
  ])('%s', (_, fields, count) => {
    expect(row(configMapPrinter, ConfigMap.parse({ metadata, ...fields }))).toEqual({ Name: 'x', Data: count, Age: '60m' });
  });
});

describe('secretPrinter', () => {
  it('prints the type and the number of data keys', () => {
    const secret = Secret.parse({ metadata, type: 'kubernetes.io/tls', data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' } });

    expect(columnShape(secretPrinter).map(([name]) => name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(row(secretPrinter, secret)).toEqual({ Name: 'x', Type: 'kubernetes.io/tls', Data: 2, Age: '60m' });
  });
});

describe('serviceAccountPrinter', () => {
  it.each([
    ['counts listed secrets', { secrets: [{ name: 'token-a' }] }, 1],
    ['prints 0 without secrets', {}, 0],
  ])('%s', (_, fields, count) => {
    expect(row(serviceAccountPrinter, ServiceAccount.parse({ metadata, ...fields }))).toEqual({ Name: 'x', Secrets: count, Age: '60m' });
  });
});

describe('leasePrinter', () => {
  it.each([
    ['prints the holder identity', { holderIdentity: 'kube-controller-manager-0_1f2e' }, 'kube-controller-manager-0_1f2e'],
    ['prints an empty holder for a released lease', {}, ''],
  ])('%s', (_, spec, holder) => {
    expect(row(leasePrinter, Lease.parse({ metadata, spec }))).toEqual({ Name: 'x', Holder: holder, Age: '60m' });
  });
});

describe('podDisruptionBudgetPrinter', () => {
  it('declares Allowed Disruptions as an integer column', () => {
    expect(columnShape(podDisruptionBudgetPrinter)).toEqual([
      ['Name', 'string', 0],
      ['Min Available', 'string', 0],
      ['Max Unavailable', 'string', 0],
      ['Allowed Disruptions', 'integer', 0],
      ['Age', 'string', 0],
    ]);
  });

  it.each<[string, Record<string, unknown>, [string, string]]>([
    ['prints a count and N/A', { minAvailable: 2 }, ['2', 'N/A']],
    ['prints a percentage', { maxUnavailable: '25%' }, ['N/A', '25%']],
  ])('%s', (_, spec, [min, max]) => {
    const budget = PodDisruptionBudget.parse({ metadata, spec, status: budgetStatus });

    expect(row(podDisruptionBudgetPrinter, budget)).toEqual({
      Name: 'x',
      'Min Available': min,
      'Max Unavailable': max,
      'Allowed Disruptions': 1,
      Age: '60m',
    });
  });
});
