import { fargateSize } from '../../../shared/nodes/ecs/fargate-sizes';
import { ConfigError } from '../../../shared/nodes/ecs/inputs';
import { familyOf } from '../../../shared/nodes/ecs/names';
import { mapPod } from '../../../shared/nodes/ecs/task-definition';
import { validateForEcs } from '../../../shared/nodes/ecs/validate';
import { inputs, pod } from './support';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:skiff/skiff/default/db-AbCdEf';

describe('fargateSize', () => {
  it.each([
    [0, 0, { cpu: 256, memory: 512 }],
    [256, 512, { cpu: 256, memory: 512 }],
    [256, 3000, { cpu: 512, memory: 3072 }],
    [1100, 100, { cpu: 2048, memory: 4096 }],
    [1024, 9000, { cpu: 2048, memory: 9216 }],
    [4096, 31000, { cpu: 8192, memory: 32768 }],
    [8192, 62000, { cpu: 16384, memory: 65536 }],
    [16384, 122880, { cpu: 16384, memory: 122880 }],
    [16385, 1, undefined],
    [1, 122881, undefined],
  ])('rounds %i CPU units and %i MiB up to %j', (cpu, mem, want) => {
    expect(fargateSize(cpu, mem)).toEqual(want);
  });
});

describe('mapPod', () => {
  it('gives replicas whose token volumes differ only by their random suffix one task definition', () => {
    const replica = (suffix: string) =>
      pod({
        volumes: [{ name: `kube-api-access-${suffix}`, projected: { sources: [{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }],
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: `kube-api-access-${suffix}`, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
      });
    const withCa = inputs({ configMaps: new Map([['kube-root-ca.crt', { data: { 'ca.crt': 'CA' } }]]) });
    const a = mapPod(replica('x7k2p'), withCa);
    const b = mapPod(replica('q9z4m'), withCa);
    expect(a.digest).toBe(b.digest);
    expect(a.input.volumes?.map((v) => v.name)).toContain('kube-api-access');
  });

  it('maps command to entryPoint, args to command, ports, workingDir, awslogs and the stop timeout', () => {
    const m = mapPod(
      pod({
        terminationGracePeriodSeconds: 600,
        containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c'], args: ['echo hi'], workingDir: '/w', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 53, protocol: 'UDP' }] }],
      }),
      inputs(),
    );
    const c = m.input.containerDefinitions?.[0];
    expect(c).toMatchObject({
      name: 'app',
      image: 'busybox',
      essential: true,
      entryPoint: ['sh', '-c'],
      command: ['echo hi'],
      workingDirectory: '/w',
      portMappings: [{ containerPort: 80, protocol: 'tcp', name: 'web' }, { containerPort: 53, protocol: 'udp' }],
      stopTimeout: 120,
      memoryReservation: 64,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/skiff/skiff/pods', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'skiff' } },
    });
    expect(m.input).toMatchObject({ networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512', family: 'skiff-default-web' });
  });

  it.each([
    [{ requests: { cpu: '250m', memory: '128Mi' } }, { cpu: 256, memoryReservation: 128 }, { cpu: '256', memory: '512' }],
    [{ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } }, { cpu: 1024, memoryReservation: 1024, memory: 2048 }, { cpu: '1024', memory: '2048' }],
    [{ limits: { cpu: '2', memory: '5Gi' } }, { cpu: 2048, memory: 5120 }, { cpu: '2048', memory: '5120' }],
    [{ requests: { cpu: '500m' }, limits: { cpu: '4' } }, { cpu: 512, memoryReservation: 64 }, { cpu: '4096', memory: '8192' }],
  ])('maps resources %j to container %j and task size %j', (resources, container, task) => {
    const m = mapPod(pod({ containers: [{ name: 'app', image: 'nginx', resources }] }), inputs());
    expect(m.input.containerDefinitions?.[0]).toMatchObject(container);
    expect(m.input).toMatchObject(task);
  });

  it('resolves values, fieldRefs (per pod, as overrides), ConfigMap keys and envFrom; Secrets become ECS secrets', () => {
    const p = pod(
      {
        containers: [
          {
            name: 'app',
            image: 'nginx',
            envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'db' } }],
            env: [
              { name: 'A', value: 'a' },
              { name: 'B', value: '$(A)-b $$(A)' },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'TEAM', valueFrom: { fieldRef: { fieldPath: "metadata.labels['team']" } } },
              { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            ],
          },
        ],
      },
      { labels: { team: 'red' } },
    );
    const m = mapPod(p, inputs({ configMaps: new Map([['cfg', { data: { mode: 'fast', level: '3' } }]]), secrets: new Map([['db', { arn: SECRET_ARN, keys: ['password', 'user'] }]]) }));
    const c = m.input.containerDefinitions?.[0];
    expect(c?.environment).toEqual(expect.arrayContaining([{ name: 'A', value: 'a' }, { name: 'B', value: 'a-b $(A)' }, { name: 'MODE', value: 'fast' }, { name: 'CFG_level', value: '3' }]));
    expect(c?.secrets).toEqual(expect.arrayContaining([{ name: 'PASSWORD', valueFrom: `${SECRET_ARN}:password::` }, { name: 'user', valueFrom: `${SECRET_ARN}:user::` }]));
    expect(m.overrides.containerOverrides).toEqual([{ name: 'app', environment: [{ name: 'POD', value: 'web' }, { name: 'TEAM', value: 'red' }] }]);
    expect(m.unknownFields).toEqual(['app: env IP (fieldRef status.podIP)']);
    expect(JSON.stringify(m.input)).not.toContain('"POD"');
  });

  it.each([
    [{ configMapKeyRef: { name: 'nope', key: 'k' } }, 'configmap "nope" not found'],
    [{ secretKeyRef: { name: 'nope', key: 'k' } }, 'secret "nope" not found'],
    [{ secretKeyRef: { name: 'db', key: 'missing' } }, "couldn't find key missing in Secret default/db"],
  ])('refuses to start with a missing %j: %s', (valueFrom, message) => {
    const p = pod({ containers: [{ name: 'app', image: 'nginx', env: [{ name: 'X', valueFrom }] }] });
    const run = () => mapPod(p, inputs({ secrets: new Map([['db', { arn: SECRET_ARN, keys: ['password'] }]]) }));
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
  });

  it('runs init containers first, non-essential, each waiting for SUCCESS of the one before', () => {
    const m = mapPod(pod({ initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }] }), inputs());
    expect(m.input.containerDefinitions?.map((c) => [c.name, c.essential, c.dependsOn])).toEqual([
      ['i1', false, undefined],
      ['i2', false, [{ containerName: 'i1', condition: 'SUCCESS' }]],
      ['app', true, [{ containerName: 'i2', condition: 'SUCCESS' }]],
    ]);
  });

  it('maps exec probes to a health check, the startupProbe to its start period', () => {
    const m = mapPod(
      pod({
        containers: [{ name: 'app', image: 'nginx', readinessProbe: { exec: { command: ['cat', '/ready'] }, periodSeconds: 3, timeoutSeconds: 5, failureThreshold: 20 }, startupProbe: { exec: { command: ['true'] }, periodSeconds: 10, failureThreshold: 6, initialDelaySeconds: 5 } }],
      }),
      inputs(),
    );
    expect(m.input.containerDefinitions?.[0].healthCheck).toEqual({ command: ['CMD', 'cat', '/ready'], interval: 5, timeout: 5, retries: 10, startPeriod: 65 });
  });

  it('maps emptyDir, the security context, the service account role and pull credentials', () => {
    const m = mapPod(
      pod({
        securityContext: { runAsUser: 1000, runAsGroup: 3000 },
        volumes: [{ name: 'scratch', emptyDir: {} }],
        containers: [{ name: 'app', image: 'ghcr.io/acme/app:1', volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }], securityContext: { readOnlyRootFilesystem: true, capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } } }],
      }),
      inputs({ taskRoleArn: 'arn:aws:iam::123456789012:role/app', pullCredentials: new Map([['ghcr.io', 'arn:aws:secretsmanager:us-east-1:1:secret:pull']]) }),
    );
    expect(m.input.taskRoleArn).toBe('arn:aws:iam::123456789012:role/app');
    expect(m.input.volumes).toEqual([{ name: 'scratch' }]);
    expect(m.input.containerDefinitions?.[0]).toMatchObject({
      user: '1000:3000',
      readonlyRootFilesystem: true,
      linuxParameters: { capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } },
      mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp', readOnly: false }],
      repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:1:secret:pull' },
    });
  });

  it('writes ConfigMap and Secret volumes with an init writer: values by env, Secret keys by ECS secrets only', () => {
    const m = mapPod(
      pod({
        volumes: [{ name: 'conf', configMap: { name: 'cfg', items: [{ key: 'nginx.conf', path: 'nginx.conf' }] } }, { name: 'creds', secret: { secretName: 'db', defaultMode: 0o400 } }],
        containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx' }, { name: 'creds', mountPath: '/run/creds' }] }],
      }),
      inputs({ configMaps: new Map([['cfg', { data: { 'nginx.conf': 'events {}' } }]]), secrets: new Map([['db', { arn: SECRET_ARN, keys: ['password'] }]]) }),
    );
    const [writer, app] = m.input.containerDefinitions ?? [];
    expect(writer).toMatchObject({ name: 'skiff-volumes', essential: false, entryPoint: ['sh', '-c'], environment: [{ name: 'SKIFF_FILE_0', value: 'events {}' }], secrets: [{ name: 'SKIFF_FILE_1', valueFrom: `${SECRET_ARN}:password::` }] });
    expect(writer.command?.[0]).toContain("chmod 400 '/skiff/volumes/creds/password'");
    expect(app.dependsOn).toEqual([{ containerName: 'skiff-volumes', condition: 'SUCCESS' }]);
    expect(app.mountPoints).toEqual([{ sourceVolume: 'conf', containerPath: '/etc/nginx', readOnly: true }, { sourceVolume: 'creds', containerPath: '/run/creds', readOnly: true }]);
  });

  it('gives pods of one template one digest, and a changed template another', () => {
    const owner = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9c8b7f4', uid: 'u', controller: true }], labels: { 'pod-template-hash': '5d9c8b7f4' } };
    const a = pod({}, { name: 'web-5d9c8b7f4-aaaaa', uid: 'a', ...owner });
    const b = pod({}, { name: 'web-5d9c8b7f4-bbbbb', uid: 'b', ...owner });
    const c = pod({ containers: [{ name: 'app', image: 'nginx:1.27' }] }, { name: 'web-66f-ccccc', uid: 'c', ...owner });
    expect(familyOf(a)).toBe('skiff-default-web');
    expect(mapPod(a, inputs()).digest).toBe(mapPod(b, inputs()).digest);
    expect(mapPod(c, inputs()).digest).not.toBe(mapPod(a, inputs()).digest);
    expect(mapPod(a, inputs()).input.containerDefinitions?.[0].dockerLabels).toEqual({ 'skiff.dev/template-digest': mapPod(a, inputs()).digest });
  });
});

describe('validateForEcs', () => {
  it.each([
    ['privileged on Fargate', { containers: [{ name: 'a', image: 'x', securityContext: { privileged: true } }] }, 'fargate', 'spec.containers[0].securityContext.privileged'],
    ['hostPath on Fargate', { volumes: [{ name: 'h', hostPath: { path: '/var' } }] }, 'fargate', 'spec.volumes[0].hostPath'],
    ['an httpGet probe', { containers: [{ name: 'a', image: 'x', readinessProbe: { httpGet: { port: 80 } } }] }, 'ec2', 'spec.containers[0].readinessProbe.httpGet'],
    ['a tcpSocket liveness probe', { initContainers: [{ name: 'i', image: 'x', livenessProbe: { tcpSocket: { port: 80 } } }] }, 'fargate', 'spec.initContainers[0].livenessProbe.tcpSocket'],
    ['more than the largest Fargate size', { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '17' } } }] }, 'fargate', 'spec.containers[*].resources'],
    ['hostNetwork', { hostNetwork: true }, 'ec2', 'spec.hostNetwork'],
    ['a subPath mount', { volumes: [{ name: 'e', emptyDir: {} }], containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'e', mountPath: '/x', subPath: 'y' }] }] }, 'fargate', 'spec.containers[0].volumeMounts[0].subPath'],
    ['an nfs volume', { volumes: [{ name: 'n', nfs: { server: '10.0.0.1', path: '/' } }] }, 'fargate', 'spec.volumes[0].nfs'],
  ])('names the field of %s', (_what, spec, compute, field) => {
    expect(validateForEcs(pod(spec), compute as 'fargate' | 'ec2').map((p) => p.field)).toEqual([field]);
  });

  it.each([
    ['privileged on EC2', { containers: [{ name: 'a', image: 'x', securityContext: { privileged: true } }] }, 'ec2'],
    ['hostPath on EC2', { volumes: [{ name: 'h', hostPath: { path: '/var' } }] }, 'ec2'],
    ['an exec probe', { containers: [{ name: 'a', image: 'x', livenessProbe: { exec: { command: ['true'] } } }] }, 'fargate'],
    ['a persistentVolumeClaim (an EFS task volume when bound to EFS)', { volumes: [{ name: 'p', persistentVolumeClaim: { claimName: 'c' } }] }, 'fargate'],
    ['the largest Fargate size', { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '16', memory: '120Gi' } } }] }, 'fargate'],
  ])('accepts %s', (_what, spec, compute) => {
    expect(validateForEcs(pod(spec), compute as 'fargate' | 'ec2')).toEqual([]);
  });
});
