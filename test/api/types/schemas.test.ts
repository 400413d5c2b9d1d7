import fs from 'node:fs';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import * as z from 'zod';
import * as types from '../../../shared/api/types';

/** Top-level kinds by apiVersion/kind, as a client would send them. */
const kinds: Record<string, z.ZodType> = {
  'v1/Pod': types.Pod,
  'v1/Binding': types.Binding,
  'v1/Service': types.Service,
  'v1/ConfigMap': types.ConfigMap,
  'v1/Secret': types.Secret,
  'v1/Namespace': types.Namespace,
  'v1/Node': types.Node,
  'v1/Event': types.Event,
  'v1/Endpoints': types.Endpoints,
  'v1/ServiceAccount': types.ServiceAccount,
  'v1/Status': types.Status,
  'v1/DeleteOptions': types.DeleteOptions,
  'apps/v1/Deployment': types.Deployment,
  'apps/v1/ReplicaSet': types.ReplicaSet,
  'autoscaling/v1/Scale': types.Scale,
  'coordination.k8s.io/v1/Lease': types.Lease,
  'discovery.k8s.io/v1/EndpointSlice': types.EndpointSlice,
  'policy/v1/Eviction': types.Eviction,
  'policy/v1/PodDisruptionBudget': types.PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': types.Ingress,
  'networking.k8s.io/v1/IngressClass': types.IngressClass,
};

/** The tutorial manifests Skiff must run unchanged (examples/, see its README). */
function examplesDir(): string {
  const candidates = [process.env.SKIFF_EXAMPLES_DIR, path.resolve(__dirname, '../../../examples')];
  const found = candidates.find((dir): dir is string => !!dir && fs.existsSync(dir));
  if (!found) throw new Error(`example manifests not found; set SKIFF_EXAMPLES_DIR (tried ${candidates.join(', ')})`);
  return found;
}

function exampleDocuments(): [string, { apiVersion: string; kind: string }][] {
  const dir = examplesDir();
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.yml') || file.endsWith('.yaml'))
    .flatMap((file) =>
      loadAll(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        (doc) => [file, doc as { apiVersion: string; kind: string }] as [string, { apiVersion: string; kind: string }],
      ),
    );
}

function nginxPod(container: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:latest', ...container }] },
  };
}

describe('api types', () => {
  const documents = exampleDocuments();

  it('finds the example manifests', () => {
    expect(documents.length).toBeGreaterThanOrEqual(5);
  });

  it.each(documents)('parses %s with the schema of its kind', (_file, doc) => {
    const schema = kinds[`${doc.apiVersion}/${doc.kind}`];
    expect(schema).toBeDefined();

    const result = schema.safeParse(doc);

    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toEqual(doc);
  });

  it.each([
    ['a misspelled container field', { imagePullPolicyy: 'Always' }, ['spec', 'containers', 0], 'imagePullPolicyy'],
    [
      'a misspelled probe field',
      { livenessProbe: { httpGet: { port: 80, paht: '/' } } },
      ['spec', 'containers', 0, 'livenessProbe', 'httpGet'],
      'paht',
    ],
    [
      'a misspelled port field',
      { ports: [{ containerPort: 80, protocl: 'TCP' }] },
      ['spec', 'containers', 0, 'ports', 0],
      'protocl',
    ],
  ])('reports %s as an unrecognized key at its path', (_case, container, issuePath, key) => {
    const result = types.Pod.safeParse(nginxPod(container));

    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', path: issuePath, keys: [key] }),
    ]);
  });

  it('reports unknown top-level and metadata fields', () => {
    const result = types.Deployment.safeParse({ kind: 'Deployment', spek: {}, metadata: { name: 'web', labelz: {} } });

    expect(result.error?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unrecognized_keys', path: [], keys: ['spek'] }),
        expect.objectContaining({ code: 'unrecognized_keys', path: ['metadata'], keys: ['labelz'] }),
      ]),
    );
  });

  it.each([
    ['Pod container name', types.Pod, { spec: { containers: [{ image: 'x' }] } }, ['spec', 'containers', 0, 'name']],
    ['Deployment template', types.Deployment, { spec: { selector: {} } }, ['spec', 'template']],
    ['Service port number', types.Service, { spec: { ports: [{ name: 'web' }] } }, ['spec', 'ports', 0, 'port']],
    ['Binding target', types.Binding, { metadata: { name: 'web' } }, ['target']],
    ['Event involvedObject', types.Event, { reason: 'Scheduled' }, ['involvedObject']],
    ['EndpointSlice endpoints', types.EndpointSlice, { addressType: 'IPv4' }, ['endpoints']],
    [
      'owner reference uid',
      types.ConfigMap,
      { metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p' }] } },
      ['metadata', 'ownerReferences', 0, 'uid'],
    ],
  ])('requires the %s', (_case, schema: z.ZodType, object, issuePath) => {
    const result = schema.safeParse(object);

    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'invalid_type', path: issuePath })]);
  });

  it('accepts ports and rollout limits as numbers or strings', () => {
    const service = types.Service.safeParse({
      spec: { ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }] },
    });
    const deployment = types.Deployment.safeParse({
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      },
    });

    expect([service.error?.issues, deployment.error?.issues]).toEqual([undefined, undefined]);
  });

  it('accepts a pod with env, probes, security settings, volumes and scheduling constraints', () => {
    const pod = nginxPod({
      env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1 } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
      securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
    }) as { spec: Record<string, unknown> };
    pod.spec.volumes = [
      { name: 'config', configMap: { name: 'settings', items: [{ key: 'a', path: 'a.conf' }] } },
      { name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
      { name: 'scratch', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'disk', awsElasticBlockStore: { volumeID: 'vol-1', fsType: 'ext4' } },
    ];
    pod.spec.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } },
    };
    pod.spec.tolerations = [{ operator: 'Exists' }];

    const result = types.Pod.safeParse(pod);

    expect(result.error?.issues).toBeUndefined();
  });

  it.each(Object.entries(kinds))('converts %s to JSON Schema for OpenAPI', (name, schema) => {
    const jsonSchema = z.toJSONSchema(schema) as Record<string, unknown>;

    expect(jsonSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      'x-kubernetes-group-version-kind': [{ kind: name.split('/').pop() }],
    });
  });

  it('publishes the merge keys strategic merge patch and server-side apply need', () => {
    const containers = (z.toJSONSchema(types.PodSpec) as { properties: Record<string, unknown> }).properties.containers;

    expect(containers).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
  });
});
