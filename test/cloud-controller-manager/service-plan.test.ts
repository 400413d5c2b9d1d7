import { EndpointSlice, Pod, Service } from '../../shared/api/types';
import { parseServiceAnnotations, SERVICE_ANNOTATIONS as A } from '../../shared/cloud-controller-manager/service/annotations';
import { planServiceLoadBalancer, wantsLoadBalancer } from '../../shared/cloud-controller-manager/service/plan';
import { healthCheckOf, targetsOfPort } from '../../shared/cloud-controller-manager/service/targets';
import { loadBalancerName, pathPatterns, specHash } from '../../shared/cloud-controller-manager/elb/model';

const svc = (over: { annotations?: Record<string, string>; spec?: object } = {}): Service =>
  Service.parse({
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', annotations: over.annotations },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP' }], ...over.spec },
  });

const pod = (name: string, ip: string, opts: { containersReady?: boolean; gate?: boolean; deleting?: boolean; probe?: object } = {}): Pod =>
  Pod.parse({
    metadata: { name, namespace: 'default', labels: { app: 'web' }, deletionTimestamp: opts.deleting ? '2026-01-01T00:00:00Z' : undefined },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: opts.probe }],
      readinessGates: opts.gate ? [{ conditionType: 'target-health.skiff.dev/web' }] : undefined,
    },
    status: { podIP: ip, conditions: [{ type: 'ContainersReady', status: opts.containersReady === false ? 'False' : 'True' }] },
  });

const slice = (endpoints: { ip: string; pod: string; ready?: boolean; terminating?: boolean }[], port = 80): EndpointSlice =>
  EndpointSlice.parse({
    metadata: { name: 'web-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, terminating: e.terminating }, targetRef: { kind: 'Pod', name: e.pod, namespace: 'default' } })),
  });

describe('wantsLoadBalancer', () => {
  it.each([
    ['a LoadBalancer Service', {}, true],
    ['a ClusterIP Service', { type: 'ClusterIP' }, false],
    ["Skiff's own class", { loadBalancerClass: 'skiff.dev/alb' }, true],
    ["another controller's class", { loadBalancerClass: 'service.k8s.aws/nlb' }, false],
  ])('answers for %s', (_case, spec, expected) => {
    expect(wantsLoadBalancer(svc({ spec: { ...svc().spec, ...spec } }))).toBe(expected);
  });
});

describe('targetsOfPort', () => {
  const port = svc().spec!.ports![0];
  it.each([
    ['ready endpoints at their resolved port', [slice([{ ip: '10.0.0.2', pod: 'b' }, { ip: '10.0.0.1', pod: 'a' }])], [pod('a', '10.0.0.1'), pod('b', '10.0.0.2')], ['10.0.0.1:80', '10.0.0.2:80']],
    ['not an unready endpoint', [slice([{ ip: '10.0.0.1', pod: 'a', ready: false }])], [pod('a', '10.0.0.1', { containersReady: false })], []],
    ['an endpoint held back only by its gate', [slice([{ ip: '10.0.0.1', pod: 'a', ready: false }])], [pod('a', '10.0.0.1', { gate: true })], ['10.0.0.1:80']],
    ['not a terminating one, gated or not', [slice([{ ip: '10.0.0.1', pod: 'a', ready: false, terminating: true }])], [pod('a', '10.0.0.1', { gate: true, deleting: true })], []],
    ['each address once across slices', [slice([{ ip: '10.0.0.1', pod: 'a' }]), slice([{ ip: '10.0.0.1', pod: 'a' }])], [pod('a', '10.0.0.1')], ['10.0.0.1:80']],
  ])('takes %s', (_case, slices, pods, expected) => {
    expect(targetsOfPort(svc(), port, slices, pods).map((t) => `${t.id}:${t.port}`)).toEqual(expected);
  });
});

describe('healthCheckOf', () => {
  const port = svc().spec!.ports![0];
  it('uses the readiness probe, then the annotations over it', () => {
    const probed = [pod('a', '10.0.0.1', { probe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } })];
    expect(healthCheckOf(svc(), port, probed, {})).toMatchObject({ path: '/healthz', port: 'traffic-port', intervalSeconds: 10, timeoutSeconds: 3, unhealthyThreshold: 3 });
    expect(healthCheckOf(svc(), port, probed, { path: '/ready' })).toMatchObject({ path: '/ready', intervalSeconds: 10 });
  });
  it('checks / on the traffic port without an httpGet probe', () => {
    expect(healthCheckOf(svc(), port, [pod('a', '10.0.0.1', { probe: { tcpSocket: { port: 80 } } })], {})).toMatchObject({ path: '/', port: 'traffic-port', matcher: '200-399' });
  });
});

describe('parseServiceAnnotations', () => {
  it.each([
    ['nothing', {}, { scheme: 'internet-facing', idleTimeoutSeconds: 60, deregistrationDelaySeconds: 300 }],
    ['internal', { [A.internal]: 'true' }, { scheme: 'internal' }],
    ['the scheme', { [A.scheme]: 'internal' }, { scheme: 'internal' }],
    ['an idle timeout', { [A.idleTimeout]: '120' }, { idleTimeoutSeconds: 120 }],
    ['a certificate', { [A.sslCert]: 'arn:aws:acm:us-east-1:1:certificate/x' }, { certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' }],
    ['a deregistration delay', { [A.targetGroupAttributes]: 'deregistration_delay.timeout_seconds=30' }, { deregistrationDelaySeconds: 30 }],
    ['a health check path', { [A.healthCheckPath]: '/ping' }, { healthCheck: { path: '/ping' } }],
  ])('reads %s', (_case, annotations, expected) => {
    const parsed = parseServiceAnnotations(svc({ annotations }));
    expect(parsed).toMatchObject({ ok: true, options: expected });
  });

  it.each([
    ['an unknown value', { [A.scheme]: 'public' }, A.scheme],
    ['contradicting values', { [A.internal]: 'true', [A.scheme]: 'internet-facing' }, A.scheme],
    ['a bad number', { [A.idleTimeout]: '0' }, A.idleTimeout],
    ['ssl ports without a certificate', { [A.sslPorts]: 'http' }, A.sslPorts],
    ['ssl ports naming no port', { [A.sslCert]: 'arn:aws:acm:us-east-1:1:certificate/x', [A.sslPorts]: 'https' }, A.sslPorts],
    ['a timeout not below the interval', { [A.healthCheckInterval]: '10', [A.healthCheckTimeout]: '10' }, A.healthCheckTimeout],
    ['an unsupported attribute', { [A.targetGroupAttributes]: 'stickiness.enabled=true' }, A.targetGroupAttributes],
  ])('refuses %s, naming the annotation', (_case, annotations, key) => {
    const parsed = parseServiceAnnotations(svc({ annotations }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join('\n')).toContain(`annotation ${key}=`);
  });
});

describe('planServiceLoadBalancer', () => {
  const options = (annotations: Record<string, string> = {}) => {
    const p = parseServiceAnnotations(svc({ annotations }));
    if (!p.ok) throw new Error(p.problems.join());
    return p.options;
  };
  const pods = [pod('a', '10.0.0.1')];
  const slices = [slice([{ ip: '10.0.0.1', pod: 'a' }])];

  it('plans a listener and an ip target group per port, tagged with cluster and Service', () => {
    const lb = planServiceLoadBalancer('prod', svc(), slices, pods, options());
    expect(lb.name.length).toBeLessThanOrEqual(32);
    expect(lb.name).toBe(loadBalancerName('prod', 'service/default/web'));
    expect(lb.sourceRanges).toEqual(['0.0.0.0/0']);
    expect(lb.listeners).toEqual([{ port: 8080, protocol: 'HTTP', certificateArn: undefined, sslPolicy: undefined, defaultTargetGroupKey: 'http', rules: [] }]);
    expect(lb.targetGroups).toHaveLength(1);
    expect(lb.targetGroups[0]).toMatchObject({ key: 'http', port: 80, targets: [{ id: '10.0.0.1', port: 80 }], deregistrationDelaySeconds: 300 });
    expect(lb.targetGroups[0].name.length).toBeLessThanOrEqual(32);
    expect(lb.tags).toMatchObject({ 'kubernetes.io/cluster/prod': 'owned', 'skiff.dev/cluster': 'prod', 'skiff.dev/owner': 'service/default/web', 'skiff.dev/service-namespace': 'default', 'skiff.dev/service-name': 'web', 'skiff.dev/service-uid': 'uid-web' });
  });

  it('serves HTTPS on the ports the certificate annotations name, and admits only the source ranges', () => {
    const two = svc({ spec: { ...svc().spec, loadBalancerSourceRanges: ['203.0.113.0/24'], ports: [{ name: 'http', port: 80, targetPort: 80 }, { name: 'https', port: 443, targetPort: 80 }] } });
    const cert = 'arn:aws:acm:us-east-1:1:certificate/x';
    const p = parseServiceAnnotations(Service.parse({ ...two, metadata: { ...two.metadata, annotations: { [A.sslCert]: cert, [A.sslPorts]: 'https' } } }));
    if (!p.ok) throw new Error(p.problems.join());
    const lb = planServiceLoadBalancer('prod', two, slices, pods, p.options);
    expect(lb.listeners.map((l) => [l.port, l.protocol, l.certificateArn])).toEqual([[80, 'HTTP', undefined], [443, 'HTTPS', cert]]);
    expect(lb.sourceRanges).toEqual(['203.0.113.0/24']);
  });

  it('changes the spec hash for a spec change but not for a target change', () => {
    const a = planServiceLoadBalancer('prod', svc(), slices, pods, options());
    const b = planServiceLoadBalancer('prod', svc(), [], pods, options());
    const c = planServiceLoadBalancer('prod', svc(), slices, pods, options({ [A.idleTimeout]: '30' }));
    expect(specHash(a)).toBe(specHash(b));
    expect(specHash(a)).not.toBe(specHash(c));
  });
});

describe('pathPatterns', () => {
  it.each([
    ['/api', 'Prefix', ['/api', '/api/*']],
    ['/api/', 'Prefix', ['/api', '/api/*']],
    ['/', 'Prefix', ['/*']],
    ['/api', 'Exact', ['/api']],
    ['/img/*.png', 'ImplementationSpecific', ['/img/*.png']],
  ] as const)('maps %s (%s)', (path, type, expected) => {
    expect(pathPatterns(path, type)).toEqual(expected);
  });
});
