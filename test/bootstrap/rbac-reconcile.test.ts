import type { ClusterRole, ClusterRoleBinding } from '../../shared/api/types';
import { aggregationPlan } from '../../shared/auth/rbac/aggregation';
import { BOOTSTRAP_CLUSTER_ROLES } from '../../shared/bootstrap/rbac-policy';
import { reconcileClusterRole, reconcileClusterRoleBinding } from '../../shared/bootstrap/rbac-reconcile';

const role = (name: string, rules: ClusterRole['rules'], annotations?: Record<string, string>): ClusterRole => ({ metadata: { name, ...(annotations ? { annotations } : {}) }, rules });
const get = (verbs: string[], resources: string[]) => ({ verbs, apiGroups: [''], resources });

describe('reconcileClusterRole', () => {
  const expected = role('system:x', [get(['get', 'list'], ['pods'])], { 'rbac.authorization.kubernetes.io/autoupdate': 'true' });

  it('creates a missing role', () => {
    expect(reconcileClusterRole(expected, undefined)).toEqual({ action: 'create', object: expected });
  });

  it("adds missing permissions and keeps the user's", () => {
    const existing = role('system:x', [get(['get'], ['pods']), get(['delete'], ['secrets'])]);
    const plan = reconcileClusterRole(expected, existing);
    expect(plan.action).toBe('update');
    expect(plan.action === 'update' && plan.object.rules).toEqual([get(['get'], ['pods']), get(['delete'], ['secrets']), { verbs: ['list'], apiGroups: [''], resources: ['pods'] }]);
  });

  it('leaves a role alone whose autoupdate is false', () => {
    expect(reconcileClusterRole(expected, role('system:x', [], { 'rbac.authorization.kubernetes.io/autoupdate': 'false' }))).toEqual({ action: 'none' });
  });

  it('does nothing to a role that already holds it all', () => {
    expect(reconcileClusterRole(expected, structuredClone(expected))).toEqual({ action: 'none' });
  });
});

describe('reconcileClusterRoleBinding', () => {
  const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' };
  const expected: ClusterRoleBinding = { metadata: { name: 'b' }, roleRef: ref, subjects: [{ kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' }] };

  it('adds a missing subject and keeps added ones', () => {
    const existing: ClusterRoleBinding = { metadata: { name: 'b' }, roleRef: ref, subjects: [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }] };
    const plan = reconcileClusterRoleBinding(expected, existing);
    expect(plan.action === 'update' && plan.object.subjects?.map((s) => s.name)).toEqual(['u', 'g']);
  });

  it('recreates a binding whose roleRef changed', () => {
    const existing: ClusterRoleBinding = { ...expected, roleRef: { ...ref, name: 'other' } };
    expect(reconcileClusterRoleBinding(expected, existing).action).toBe('recreate');
  });
});

describe('aggregationPlan', () => {
  it('fills admin, edit and view from the bootstrap parts, each rule once', () => {
    const plan = aggregationPlan(BOOTSTRAP_CLUSTER_ROLES);
    const by = new Map(plan.map((p) => [p.name, p.rules]));
    expect([...by.keys()].sort()).toEqual(['admin', 'edit', 'view']);
    // view's rules flow into edit (view is labelled aggregate-to-edit) only once view holds them: one step at a time, as the controller converges.
    expect(by.get('view')).toEqual(BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata?.name === 'system:aggregate-to-view')?.rules);
  });

  it('converges to nothing to do', () => {
    let roles = structuredClone(BOOTSTRAP_CLUSTER_ROLES);
    for (let i = 0; i < 5; i++) {
      const plan = aggregationPlan(roles);
      roles = roles.map((r) => ({ ...r, rules: plan.find((p) => p.name === r.metadata?.name)?.rules ?? r.rules }));
    }
    expect(aggregationPlan(roles)).toEqual([]);
    const admin = roles.find((r) => r.metadata?.name === 'admin');
    expect(JSON.stringify(admin?.rules)).toContain('rolebindings');
    expect(JSON.stringify(admin?.rules)).toContain('"pods/log"');
  });
});
