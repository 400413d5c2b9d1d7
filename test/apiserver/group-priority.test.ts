import { compareGroups, groupPriorityMinimum, versionPriority } from '../../shared/apiserver/group-priority';
import { servedGroupVersions } from '../../shared/apiserver/group-versions';
import { RESOURCES } from '../../shared/registry/catalog';

/** kube-apiserver v1.33's /apis order for the groups Skiff serves (`kubectl get --raw /apis`). */
const UPSTREAM_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

describe('group priority', () => {
  it('orders the served built-in groups as upstream v1.33 lists them, core first and metrics.k8s.io last', () => {
    const groups = [...new Set(servedGroupVersions(RESOURCES).map((gv) => gv.group))];
    expect(groups[0]).toBe('');
    expect(groups[groups.length - 1]).toBe('metrics.k8s.io');
    const builtIn = groups.filter((g) => g !== '' && g !== 'metrics.k8s.io');
    expect(builtIn).toEqual(UPSTREAM_ORDER.filter((g) => builtIn.includes(g)));
  });

  it.each([
    { a: 'apps', b: 'cert-manager.io', want: -1 },
    { a: 'acme.cert-manager.io', b: 'cert-manager.io', want: -1 },
    { a: 'cert-manager.io', b: 'metrics.k8s.io', want: -1 },
    { a: 'apiextensions.k8s.io', b: 'admissionregistration.k8s.io', want: 1 },
  ])('puts $a before or after $b as the aggregator does', ({ a, b, want }) => {
    expect(Math.sign(compareGroups(a, b))).toBe(want);
  });

  it.each([
    { group: '', version: 'v1', groupMin: 18000, version_: 1 },
    { group: 'autoscaling', version: 'v2', groupMin: 17500, version_: 30 },
    { group: 'autoscaling', version: 'v1', groupMin: 17500, version_: 15 },
    { group: 'cert-manager.io', version: 'v1', groupMin: 1000, version_: 100 },
  ])('gives $group/$version the priorities upstream registers', ({ group, version, groupMin, version_ }) => {
    expect(groupPriorityMinimum(group)).toBe(groupMin);
    expect(versionPriority(group, version)).toBe(version_);
  });
});
