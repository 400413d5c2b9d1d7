import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { mapPod } from '../../../shared/nodes/ecs/task-definition';
import { DEFAULT_TOKEN_SIDECAR_IMAGE, TOKEN_SCRIPT, TOKEN_SIDECAR_NAME } from '../../../shared/nodes/ecs/token-sidecar';
import { inputs, pod } from './support';

const ROLE = 'arn:aws:iam::123456789012:role/skiff-pods';
const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
const CA = { configMaps: new Map([['kube-root-ca.crt', { data: { 'ca.crt': 'CA' } }]]) };

/** A pod as ServiceAccount admission leaves it: the kube-api-access projected volume mounted in every container. */
const withToken = (extra: object = {}) =>
  pod({
    volumes: [{
      name: 'kube-api-access-x7k2p',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    }],
    containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: MOUNT, readOnly: true }] }],
    ...extra,
  });

const byName = (defs: ContainerDefinition[] | undefined, name: string) => defs?.find((c) => c.name === name);

describe('the skiff-token sidecar in the task definition', () => {
  const delivery = { podToken: { url: 'https://api.example.com/' }, ...CA };

  it.each([
    ['no token volume', pod({}), inputs({ ...delivery, taskRoleArn: ROLE }), false],
    ['delivery not configured', withToken(), inputs({ ...CA, taskRoleArn: ROLE }), false],
    ['no task role', withToken(), inputs(delivery), false],
    ['a token, delivery and a role', withToken(), inputs({ ...delivery, taskRoleArn: ROLE }), true],
  ])('with %s: sidecar %s', (_name, p, i, want) => {
    const m = mapPod(p, i);
    expect(!!byName(m.input.containerDefinitions, TOKEN_SIDECAR_NAME)).toBe(want);
  });

  it('is non-essential, runs the script with the cluster and API in its environment, mounts the volume writable and is health-checked', () => {
    const m = mapPod(withToken(), inputs({ ...delivery, taskRoleArn: ROLE }));
    const s = byName(m.input.containerDefinitions, TOKEN_SIDECAR_NAME);
    expect(s).toMatchObject({
      image: DEFAULT_TOKEN_SIDECAR_IMAGE,
      essential: false,
      entryPoint: ['sh', '-c'],
      command: [TOKEN_SCRIPT],
      environment: [
        { name: 'SKIFF_API_URL', value: 'https://api.example.com' },
        { name: 'SKIFF_CLUSTER', value: 'skiff' },
        { name: 'AWS_REGION', value: 'us-east-1' },
        { name: 'AWS_DEFAULT_REGION', value: 'us-east-1' },
      ],
      mountPoints: [{ sourceVolume: 'kube-api-access', containerPath: '/skiff/volumes/kube-api-access', readOnly: false }],
      healthCheck: { command: ['CMD-SHELL', 'test -f /tmp/skiff-token.ready'] },
      logConfiguration: { logDriver: 'awslogs' },
    });
    expect(m.input.taskRoleArn).toBe(ROLE);
    // The app waits for the files: the writer's ca.crt and the sidecar's first delivery.
    expect(byName(m.input.containerDefinitions, 'app')).toMatchObject({
      dependsOn: [{ containerName: 'skiff-volumes', condition: 'SUCCESS' }, { containerName: TOKEN_SIDECAR_NAME, condition: 'HEALTHY' }],
      mountPoints: [{ sourceVolume: 'kube-api-access', containerPath: MOUNT, readOnly: true }],
    });
  });

  it('makes init containers wait too, and later ones through them', () => {
    const m = mapPod(withToken({ initContainers: [{ name: 'init', image: 'busybox' }] }), inputs({ ...delivery, taskRoleArn: ROLE }));
    expect(byName(m.input.containerDefinitions, 'init')?.dependsOn).toEqual([{ containerName: 'skiff-volumes', condition: 'SUCCESS' }, { containerName: TOKEN_SIDECAR_NAME, condition: 'HEALTHY' }]);
    expect(byName(m.input.containerDefinitions, 'app')?.dependsOn).toEqual([{ containerName: 'init', condition: 'SUCCESS' }]);
  });

  it('carries a CA to trust only when given one, and the image asked for', () => {
    const m = mapPod(withToken(), inputs({ ...CA, taskRoleArn: ROLE, podToken: { url: 'https://127.0.0.1:6443', caCert: '-----BEGIN CERTIFICATE-----', image: 'example/aws-cli:2' } }));
    const s = byName(m.input.containerDefinitions, TOKEN_SIDECAR_NAME);
    expect(s?.image).toBe('example/aws-cli:2');
    expect(s?.environment).toContainEqual({ name: 'SKIFF_API_CA', value: '-----BEGIN CERTIFICATE-----' });
  });

  it('reports a pod that gets no token for want of a role, and leaves the app not waiting', () => {
    const m = mapPod(withToken(), inputs(delivery));
    expect(m.unknownFields).toEqual([expect.stringContaining('serviceAccountToken (no task role to sign for it')]);
    expect(byName(m.input.containerDefinitions, 'app')?.dependsOn).toEqual([{ containerName: 'skiff-volumes', condition: 'SUCCESS' }]);
  });

  it('never writes a token itself: nothing token-like in the definition or the overrides, and replicas share one definition', () => {
    const a = mapPod(withToken(), inputs({ ...delivery, taskRoleArn: ROLE }));
    const b = mapPod(withToken({}), inputs({ ...delivery, taskRoleArn: ROLE }));
    expect(a.digest).toBe(b.digest);
    expect(JSON.stringify([a.input, a.overrides])).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(a.overrides).toEqual({});
  });

  it('counts the sidecar in the Fargate task size', () => {
    const app = { name: 'app', image: 'nginx', resources: { requests: { memory: '440Mi' } }, volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: MOUNT }] };
    const caOnly = pod({ volumes: [{ name: 'kube-api-access-x7k2p', projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] } }], containers: [app] });
    // 440 + 32 (writer) fits 512; the sidecar's 64 more needs the next size.
    expect(mapPod(caOnly, inputs({ ...delivery, taskRoleArn: ROLE })).input.memory).toBe('512');
    expect(mapPod(withToken({ containers: [app] }), inputs({ ...delivery, taskRoleArn: ROLE })).input.memory).toBe('1024');
  });
});
