import { applyStrategicMergePatch, mergeKeysFor } from '../../../shared/api/patch/strategic-merge-patch';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    finalizers: ['example.com/a'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1' }],
  },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'app:1',
        env: [{ name: 'A', value: '1' }],
        ports: [{ containerPort: 80, name: 'http' }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
      { name: 'sidecar', image: 'proxy:1' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'a', operator: 'Exists' }],
  },
  status: {
    conditions: [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'False' },
    ],
  },
};

describe('applyStrategicMergePatch with mergeKeysFor', () => {
  const podCases: Array<[string, Record<string, unknown>, (result: typeof pod) => unknown, unknown]> = [
    [
      'updates one container by name and keeps the other',
      { spec: { containers: [{ name: 'app', image: 'app:2' }] } },
      (r) => r.spec.containers.map((c) => [c.name, c.image]),
      [['app', 'app:2'], ['sidecar', 'proxy:1']],
    ],
    [
      'merges env by name inside a container',
      { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '2' }, { name: 'B', value: '3' }] }] } },
      (r) => r.spec.containers[0].env,
      [{ name: 'A', value: '2' }, { name: 'B', value: '3' }],
    ],
    [
      'merges ports by containerPort',
      { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
      (r) => r.spec.containers[0].ports,
      [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
    ],
    [
      'deletes a volume mount by mountPath',
      { spec: { containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', $patch: 'delete' }] }] } },
      (r) => r.spec.containers[0].volumeMounts,
      [],
    ],
    [
      'switches a volume source with $retainKeys',
      { spec: { volumes: [{ name: 'data', hostPath: { path: '/x' }, $retainKeys: ['name', 'hostPath'] }] } },
      (r) => r.spec.volumes,
      [{ name: 'data', hostPath: { path: '/x' } }],
    ],
    [
      'replaces tolerations whole',
      { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } },
      (r) => r.spec.tolerations,
      [{ key: 'b', operator: 'Exists' }],
    ],
    ['adds a finalizer as a set member', { metadata: { finalizers: ['example.com/b', 'example.com/a'] } }, (r) => r.metadata.finalizers, ['example.com/b', 'example.com/a']],
    ['removes a finalizer', { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } }, (r) => r.metadata.finalizers, []],
    [
      'merges ownerReferences by uid',
      { metadata: { ownerReferences: [{ uid: 'u1', controller: true }] } },
      (r) => r.metadata.ownerReferences,
      [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1', controller: true }],
    ],
    [
      'updates one condition by type',
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      (r) => r.status.conditions,
      [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }],
    ],
  ];

  it.each(podCases)('Pod: %s', (_name, patch, select, expected) => {
    const result = applyStrategicMergePatch(pod, patch, mergeKeysFor('Pod')) as unknown as typeof pod;

    expect(select(result)).toEqual(expected);
  });

  it('Deployment: merges pod template containers by name and replaces the strategy with $retainKeys', () => {
    const deployment = {
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        template: { spec: { containers: [{ name: 'app', image: 'app:1' }, { name: 'log', image: 'log:1' }] } },
      },
    };
    const patch = {
      spec: {
        strategy: { type: 'Recreate', $retainKeys: ['type'] },
        template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } },
      },
    };

    const result = applyStrategicMergePatch(deployment, patch, mergeKeysFor('Deployment'));

    expect(result).toEqual({
      spec: {
        strategy: { type: 'Recreate' },
        template: { spec: { containers: [{ name: 'app', image: 'app:2' }, { name: 'log', image: 'log:1' }] } },
      },
    });
  });

  it('Service: merges ports by port', () => {
    const service = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };

    const result = applyStrategicMergePatch(service, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }, mergeKeysFor('Service'));

    expect(result).toEqual({ spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 9443 }] } });
  });

  it('Node: merges addresses by type and replaces taints', () => {
    const node = {
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] },
    };
    const patch = {
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] },
    };

    const result = applyStrategicMergePatch(node, patch, mergeKeysFor('Node'));

    expect(result).toEqual({
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
      status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }, { type: 'Hostname', address: 'n1' }] },
    });
  });

  it('PodDisruptionBudget: replaces the selector instead of merging it', () => {
    const pdb = { spec: { selector: { matchLabels: { app: 'web', tier: 'front' } } } };

    const result = applyStrategicMergePatch(pdb, { spec: { selector: { matchLabels: { app: 'api' } } } }, mergeKeysFor('PodDisruptionBudget'));

    expect(result).toEqual({ spec: { selector: { matchLabels: { app: 'api' } } } });
  });

  it('ConfigMap: merges data keys and deletes with null', () => {
    const configMap = { data: { a: '1', b: '2' } };

    const result = applyStrategicMergePatch(configMap, { data: { a: null, c: '3' } }, mergeKeysFor('ConfigMap'));

    expect(result).toEqual({ data: { b: '2', c: '3' } });
  });
});
