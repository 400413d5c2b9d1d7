import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import * as types from '../../../shared/api/types';
import { ProtobufDecodeError, decodeProtobufBody, isProtobuf } from '../../../shared/apiserver/protobuf/decode';
import { envelope, field, mapEntry, message } from './wire-builder';

const CORE = 'k8s.io.api.core.v1';
const APPS = 'k8s.io.api.apps.v1';
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Bodies real kubectl v1.33 sent; regenerate with scripts/proto/capture-fixtures.ts. */
function fixture(name: string): Buffer {
  return Buffer.from(fs.readFileSync(path.join(__dirname, 'fixtures', `${name}.pb.b64`), 'utf8'), 'base64');
}

const captured: { name: string; command: string; expected: Record<string, unknown>; schema?: z.ZodType }[] = [
  {
    name: 'configmap',
    command: 'create configmap foo --from-literal=a=b',
    expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foo' }, data: { a: 'b' } },
    schema: types.ConfigMap,
  },
  {
    name: 'secret',
    command: 'create secret generic s --from-literal=password=hunter2',
    expected: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: Buffer.from('hunter2').toString('base64') } },
    schema: types.Secret,
  },
  {
    name: 'namespace',
    command: 'create namespace team-a',
    expected: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    schema: types.Namespace,
  },
  {
    name: 'service',
    command: 'create service clusterip x --tcp=80:8080',
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'x', labels: { app: 'x' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'x' }, type: 'ClusterIP' },
    },
    schema: types.Service,
  },
  {
    name: 'deployment',
    command: 'create deployment d --image=nginx --replicas=2',
    expected: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { app: 'd' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      },
    },
    schema: types.Deployment,
  },
  {
    name: 'serviceaccount',
    command: 'create serviceaccount builder',
    expected: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } },
    schema: types.ServiceAccount,
  },
  {
    name: 'pdb',
    command: 'create poddisruptionbudget web --selector=app=web --min-available=50%',
    expected: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
      // These status counters have no omitempty, so JSON clients send the zeros as well.
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
    schema: types.PodDisruptionBudget,
  },
  {
    name: 'pod',
    command: 'debug node/node-1 --image=busybox --profile=general',
    expected: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'node-debugger-node-1-5mms5' },
      spec: {
        volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
        containers: [
          { name: 'debugger', image: 'busybox', volumeMounts: [{ name: 'host-root', mountPath: '/host' }], terminationMessagePolicy: 'File' },
        ],
        restartPolicy: 'Never',
        nodeName: 'node-1',
        hostNetwork: true,
        hostPID: true,
        hostIPC: true,
        tolerations: [{ operator: 'Exists' }],
      },
    },
    schema: types.Pod,
  },
  {
    name: 'token',
    command: 'create token builder --duration=10m',
    // status.token has no omitempty, so JSON clients send "" as well.
    expected: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 }, status: { token: '' } },
  },
  {
    name: 'delete-options',
    command: 'drain node-1 --disable-eviction --grace-period=30',
    expected: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 30 },
    schema: types.DeleteOptions,
  },
];

describe('decodeProtobufBody', () => {
  it.each(captured)('decodes the body of kubectl $command', ({ name, expected }) => {
    expect(decodeProtobufBody(fixture(name))).toEqual(expected);
  });

  it.each(captured.filter((c) => c.schema))('yields a $name the API schema accepts', ({ name, schema }) => {
    expect(schema?.safeParse(decodeProtobufBody(fixture(name))).success).toBe(true);
  });

  it('keeps a pointer field set to zero and drops zero value fields, as omitempty does', () => {
    const spec = message(`${APPS}.DeploymentSpec`, ['replicas', 0], ['minReadySeconds', 0], ['paused', false]);
    const body = envelope('apps/v1', 'Deployment', message(`${APPS}.Deployment`, ['spec', spec]));

    expect(decodeProtobufBody(body)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 0 } });
  });

  it('keeps zero values of fields whose JSON tag lacks omitempty', () => {
    const status = message(`${CORE}.ContainerStatus`, ['name', 'web'], ['ready', false], ['restartCount', 0], ['started', false], ['containerID', '']);
    const body = envelope('v1', 'Pod', message(`${CORE}.Pod`, ['status', message(`${CORE}.PodStatus`, ['containerStatuses', status])]));

    expect(decodeProtobufBody(body).status).toEqual({ containerStatuses: [{ name: 'web', ready: false, restartCount: 0, started: false }] });
  });

  it('merges inline fields into their parent and keeps an empty pointer message such as emptyDir', () => {
    const volume = message(`${CORE}.Volume`, ['name', 'cache'], ['volumeSource', message(`${CORE}.VolumeSource`, ['emptyDir', Buffer.alloc(0)])]);
    const configMapRef = message(`${CORE}.ConfigMapEnvSource`, ['localObjectReference', message(`${CORE}.LocalObjectReference`, ['name', 'settings'])]);
    const container = message(`${CORE}.Container`, ['name', 'app'], ['envFrom', message(`${CORE}.EnvFromSource`, ['configMapRef', configMapRef])]);
    const spec = message(`${CORE}.PodSpec`, ['volumes', volume], ['containers', container]);

    expect(decodeProtobufBody(envelope('v1', 'Pod', message(`${CORE}.Pod`, ['spec', spec]))).spec).toEqual({
      volumes: [{ name: 'cache', emptyDir: {} }],
      containers: [{ name: 'app', envFrom: [{ configMapRef: { name: 'settings' } }] }],
    });
  });

  it('renders metav1.Time as RFC 3339 in whole seconds and drops the zero time', () => {
    const created = message(`${META}.Time`, ['seconds', 1700000000], ['nanos', 5]);
    const withTime = message(`${META}.ObjectMeta`, ['name', 'a'], ['creationTimestamp', created]);
    const zeroTime = message(`${META}.ObjectMeta`, ['name', 'b'], ['creationTimestamp', Buffer.alloc(0)]);

    expect(decodeProtobufBody(envelope('v1', 'ConfigMap', field(1, withTime))).metadata).toEqual({
      name: 'a',
      creationTimestamp: '2023-11-14T22:13:20Z',
    });
    expect(decodeProtobufBody(envelope('v1', 'ConfigMap', field(1, zeroTime))).metadata).toEqual({ name: 'b' });
  });

  it('renders metav1.MicroTime with six fractional digits', () => {
    const renew = message(`${META}.MicroTime`, ['seconds', 1700000000], ['nanos', 123456789]);
    const spec = message('k8s.io.api.coordination.v1.LeaseSpec', ['holderIdentity', 'node-1'], ['renewTime', renew]);
    const body = envelope('coordination.k8s.io/v1', 'Lease', message('k8s.io.api.coordination.v1.Lease', ['spec', spec]));

    expect(decodeProtobufBody(body).spec).toEqual({ holderIdentity: 'node-1', renewTime: '2023-11-14T22:13:20.123456Z' });
  });

  it('renders IntOrString and Quantity as their JSON scalars', () => {
    const targetPort = message('k8s.io.apimachinery.pkg.util.intstr.IntOrString', ['type', 1], ['strVal', 'http']);
    const port = message(`${CORE}.ServicePort`, ['port', 80], ['targetPort', targetPort]);
    const cpu = message('k8s.io.apimachinery.pkg.api.resource.Quantity', ['string', '500m']);
    const resources = message(`${CORE}.ResourceRequirements`, ['limits', mapEntry('cpu', cpu)], ['requests', mapEntry('memory', Buffer.alloc(0))]);

    const service = decodeProtobufBody(envelope('v1', 'Service', message(`${CORE}.Service`, ['spec', message(`${CORE}.ServiceSpec`, ['ports', port])])));
    const container = decodeProtobufBody(
      envelope('v1', 'Pod', message(`${CORE}.Pod`, ['spec', message(`${CORE}.PodSpec`, ['containers', message(`${CORE}.Container`, ['resources', resources])])])),
    );

    expect(service.spec).toEqual({ ports: [{ port: 80, targetPort: 'http' }] });
    expect(container.spec).toEqual({ containers: [{ resources: { limits: { cpu: '500m' }, requests: { memory: '0' } } }] });
  });

  it('skips fields it has no descriptor for, as Go does', () => {
    const body = envelope('v1', 'ConfigMap', Buffer.concat([message(`${CORE}.ConfigMap`, ['immutable', true]), field(99, 'future')]));

    expect(decodeProtobufBody(body)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', immutable: true });
  });

  it.each([
    ['a body without the k8s prefix', Buffer.from('{"kind":"ConfigMap"}'), /does not start with/],
    ['a truncated envelope', fixture('configmap').subarray(0, 20), /malformed protobuf body/],
    ['an unserved kind', envelope('v1', 'Widget', Buffer.alloc(0)), /no kind "Widget" is registered for version "v1"/],
    ['a missing kind', envelope('v1', '', Buffer.alloc(0)), /'Kind' or 'apiVersion' is missing/],
    ['a field of the wrong wire type', envelope('v1', 'ConfigMap', field(1, 7)), /field metadata has wire type 0/],
    [
      'a compressed raw object',
      Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, Buffer.concat([field(1, 'v1'), field(2, 'ConfigMap')])), field(3, 'gzip')]),
      /unsupported protobuf content encoding "gzip"/,
    ],
  ])('rejects %s with a ProtobufDecodeError', (_case, body, message) => {
    expect(() => decodeProtobufBody(body)).toThrow(ProtobufDecodeError);
    expect(() => decodeProtobufBody(body)).toThrow(message);
  });

  it('answers malformed bodies with a 400 BadRequest Status', () => {
    expect(() => decodeProtobufBody(Buffer.from('nope'))).toThrow(expect.objectContaining({ code: 400, reason: 'BadRequest' }));
  });
});

describe('isProtobuf', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=utf-8', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    [undefined, false],
  ])('classifies %s as %s', (contentType, expected) => {
    expect(isProtobuf(contentType)).toBe(expected);
  });
});
