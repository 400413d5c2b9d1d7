import { FieldPatchStrategy, isStrategicMergeKind, mergeKeysFor } from '../../../shared/api/patch/patch-strategies';

describe('mergeKeysFor', () => {
  const byName: FieldPatchStrategy = { mergeKey: 'name', strategy: 'merge' };
  const byType: FieldPatchStrategy = { mergeKey: 'type', strategy: 'merge' };
  const cases: Array<[string, string, FieldPatchStrategy | undefined]> = [
    ['Pod', 'spec.containers', byName],
    ['Pod', 'spec.initContainers', byName],
    ['Pod', 'spec.ephemeralContainers', byName],
    ['Pod', 'spec.containers[].ports', { mergeKey: 'containerPort', strategy: 'merge' }],
    ['Pod', 'spec.containers[].env', byName],
    ['Pod', 'spec.initContainers[].volumeMounts', { mergeKey: 'mountPath', strategy: 'merge' }],
    ['Pod', 'spec.containers[].volumeDevices', { mergeKey: 'devicePath', strategy: 'merge' }],
    ['Pod', 'spec.volumes', { mergeKey: 'name', strategy: 'merge', retainKeys: true }],
    ['Pod', 'spec.imagePullSecrets', byName],
    ['Pod', 'spec.hostAliases', { mergeKey: 'ip', strategy: 'merge' }],
    ['Pod', 'spec.topologySpreadConstraints', { mergeKey: 'topologyKey', strategy: 'merge' }],
    ['Pod', 'spec.tolerations', { strategy: 'replace' }],
    ['Pod', 'metadata.finalizers', { strategy: 'merge' }],
    ['Pod', 'metadata.ownerReferences', { mergeKey: 'uid', strategy: 'merge' }],
    ['Pod', 'status.conditions', byType],
    ['Pod', 'status.podIPs', { mergeKey: 'ip', strategy: 'merge' }],
    ['Pod', 'spec.containers[].args', undefined],
    ['Service', 'spec.ports', { mergeKey: 'port', strategy: 'merge' }],
    ['Deployment', 'spec.template.spec.containers', byName],
    ['Deployment', 'spec.template.spec.containers[].ports', { mergeKey: 'containerPort', strategy: 'merge' }],
    ['Deployment', 'spec.template.metadata.finalizers', { strategy: 'merge' }],
    ['Deployment', 'spec.strategy', { strategy: 'merge', retainKeys: true }],
    ['Deployment', 'status.conditions', byType],
    ['ReplicaSet', 'spec.template.spec.volumes', { mergeKey: 'name', strategy: 'merge', retainKeys: true }],
    ['Node', 'status.addresses', byType],
    ['Node', 'spec.podCIDRs', { strategy: 'merge' }],
    ['Namespace', 'status.conditions', byType],
    ['ServiceAccount', 'secrets', byName],
    ['PodDisruptionBudget', 'spec.selector', { strategy: 'replace' }],
    ['EndpointSlice', 'endpoints', { strategy: 'replace' }],
    ['Secret', 'metadata.ownerReferences', { mergeKey: 'uid', strategy: 'merge' }],
  ];

  it.each(cases)('gives %s %s its upstream semantics', (kind, path, expected) => {
    expect(mergeKeysFor(kind)[path]).toEqual(expected);
  });

  it.each(['Pod', 'Service', 'Deployment', 'ReplicaSet', 'Node', 'Namespace', 'ConfigMap', 'Secret', 'Endpoints', 'EndpointSlice', 'ServiceAccount', 'Event', 'Lease', 'PodDisruptionBudget'])(
    'has a table for %s',
    (kind) => {
      expect(isStrategicMergeKind(kind)).toBe(true);
    },
  );

  it('gives an unknown kind only the ObjectMeta entries', () => {
    expect(isStrategicMergeKind('Widget')).toBe(false);
    expect(Object.keys(mergeKeysFor('Widget')).sort()).toEqual(['metadata.finalizers', 'metadata.ownerReferences']);
  });

  it('hands out tables that callers cannot change', () => {
    const table = mergeKeysFor('Pod') as Record<string, FieldPatchStrategy>;

    expect(() => {
      table['spec.containers'] = { strategy: 'replace' };
    }).toThrow(TypeError);
  });
});
