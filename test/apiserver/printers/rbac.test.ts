import { roleBindingPrinter, rolePrinter } from '../../../shared/apiserver/printers/rbac';
import { NOW } from './fixtures';

describe('rbac printers', () => {
  it('prints a binding as its role and, wide, its users, groups and service accounts', () => {
    const binding = {
      metadata: { name: 'b', creationTimestamp: new Date(NOW - 120_000).toISOString() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'bot', namespace: 'ci' },
      ],
    };
    expect(roleBindingPrinter.columns.map((c) => [c.name, c.priority])).toEqual([['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]]);
    expect(roleBindingPrinter.cells(binding, NOW)).toEqual(['b', 'ClusterRole/view', '2m', 'alice, bob', 'devs', 'ci:bot']);
  });

  it('prints a role with its creation time in RFC 3339', () => {
    expect(rolePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(rolePrinter.cells({ metadata: { name: 'r', creationTimestamp: '2026-12-01T10:00:00Z' } }, NOW)).toEqual(['r', '2026-12-01T10:00:00Z']);
  });
});
