import type { EndpointSlice, HTTPIngressPath, Ingress, IngressClass, Service } from '../../shared/api/types';
import { parseIngressAnnotations } from '../../shared/cloud-controller-manager/ingress/annotations';
import { groupOf, isOurIngress, Member, orderPaths, planIngressGroup } from '../../shared/cloud-controller-manager/ingress/plan';
import { routeIngressRecord } from '../../shared/cloud-controller-manager/ingress/routing';
import { encodeBody } from '../../shared/storage/codec';

const svc = (name: string, ports: { name?: string; port: number; targetPort?: number }[]): Service => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { selector: { app: name }, ports },
});
const slice = (service: string, ips: string[], port: number, portName = ''): EndpointSlice => ({
  addressType: 'IPv4',
  metadata: { name: `${service}-abc`, namespace: 'default', labels: { 'kubernetes.io/service-name': service } },
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
  ports: [{ name: portName, port, protocol: 'TCP' }],
});
const ing = (name: string, spec: Ingress['spec'], annotations: Record<string, string> = {}, namespace = 'default'): Ingress => ({
  metadata: { name, namespace, uid: `uid-${name}`, annotations },
  spec: { ingressClassName: 'alb', ...spec },
});
const path = (p: string, pathType: string, service = 'web', number = 80): HTTPIngressPath => ({ path: p, pathType, backend: { service: { name: service, port: { number } } } });
const member = (i: Ingress): Member => {
  const parsed = parseIngressAnnotations(i);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return { ingress: i, options: parsed.options };
};
const backends = {
  services: [svc('web', [{ port: 80, targetPort: 8080 }]), svc('api', [{ name: 'http', port: 8080, targetPort: 9090 }])],
  slices: [slice('web', ['10.0.0.2', '10.0.0.1'], 8080), slice('api', ['10.0.1.1'], 9090, 'http')],
  pods: [],
};
const group = { owner: 'ingress/class/alb', label: 'alb' };
const plan = (...ingresses: Ingress[]) => planIngressGroup('c1', group, ingresses.map(member), backends);
const rules = (...ingresses: Ingress[]) => {
  const p = plan(...ingresses);
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('; '));
  return p.lb.listeners.map((l) => [l.port, l.rules.map((r) => [r.priority, r.hosts, r.paths, r.targetGroupKey])]);
};

describe('Ingress paths as ALB path patterns', () => {
  it.each([
    ['Prefix /', 'Prefix', '/', ['/*']],
    ['Prefix /api', 'Prefix', '/api', ['/api', '/api/*']],
    ['Prefix /api/ (trailing slash)', 'Prefix', '/api/', ['/api', '/api/*']],
    ['Exact /api', 'Exact', '/api', ['/api']],
    ['ImplementationSpecific /img/*.png', 'ImplementationSpecific', '/img/*.png', ['/img/*.png']],
  ])('%s', (_, pathType, p, want) => {
    expect(rules(ing('a', { rules: [{ http: { paths: [path(p, pathType)] } }] }))).toEqual([[80, [[1, [], want, 'default/web:80']]]]);
  });

  it('orders a rule\'s paths as aws-load-balancer-controller does: Exact, Prefix longest first, then as listed', () => {
    const paths = [path('/a', 'Prefix'), path('/x*', 'ImplementationSpecific'), path('/a/b', 'Prefix'), path('/a', 'Exact'), path('/y*', 'ImplementationSpecific')];
    expect(orderPaths(paths).map((p) => `${p.pathType}:${p.path}`)).toEqual(['Exact:/a', 'Prefix:/a/b', 'Prefix:/a', 'ImplementationSpecific:/x*', 'ImplementationSpecific:/y*']);
  });

  it('refuses wildcard characters in Exact and Prefix paths (an ALB would read them as patterns)', () => {
    const p = plan(ing('a', { rules: [{ http: { paths: [path('/a*', 'Exact')] } }] }));
    expect(p.ok).toBe(false);
    expect(!p.ok && p.problems[0].message).toBe('spec.rules[0]: path "/a*" of pathType Exact cannot contain "*" or "?"');
  });
});

describe('planIngressGroup', () => {
  it('orders members by group.order, then namespace/name, numbering priorities per listener', () => {
    const late = ing('a-late', { rules: [{ host: 'late.example.com', http: { paths: [path('/', 'Prefix')] } }] }, { 'alb.ingress.kubernetes.io/group.order': '10' });
    const b = ing('b', { rules: [{ host: 'b.example.com', http: { paths: [path('/', 'Prefix', 'api', 8080)] } }] });
    const first = ing('z-first', { rules: [{ host: 'first.example.com', http: { paths: [path('/', 'Prefix')] } }] }, { 'alb.ingress.kubernetes.io/group.order': '-5' });
    expect(rules(late, b, first)).toEqual([
      [80, [
        [1, ['first.example.com'], ['/*'], 'default/web:80'],
        [2, ['b.example.com'], ['/*'], 'default/api:http'],
        [3, ['late.example.com'], ['/*'], 'default/web:80'],
      ]],
    ]);
  });

  it('makes an ip target group per backend Service port, its targets the ready endpoints at the target port', () => {
    const p = plan(ing('a', { defaultBackend: { service: { name: 'web', port: { number: 80 } } }, rules: [{ http: { paths: [path('/api', 'Prefix', 'api', 8080)] } }] }));
    if (!p.ok) throw new Error('plan failed');
    expect(p.lb.targetGroups.map((t) => [t.key, t.port, t.targets])).toEqual([
      ['default/api:http', 9090, [{ id: '10.0.1.1', port: 9090 }]],
      ['default/web:80', 8080, [{ id: '10.0.0.1', port: 8080 }, { id: '10.0.0.2', port: 8080 }]],
    ]);
    expect(p.lb.listeners[0].defaultTargetGroupKey).toBe('default/web:80');
    expect(p.lb.scheme).toBe('internal');
    expect(p.lb.tags).toMatchObject({ 'skiff.dev/cluster': 'c1', 'skiff.dev/owner': 'ingress/class/alb', 'skiff.dev/ingress-group': 'alb', 'ingress.k8s.aws/stack': 'alb', 'kubernetes.io/cluster/c1': 'owned' });
  });

  it('answers 404 by default without a default backend', () => {
    const p = plan(ing('a', { rules: [{ http: { paths: [path('/', 'Prefix')] } }] }));
    expect(p.ok && p.lb.listeners[0].defaultTargetGroupKey).toBeUndefined();
  });

  it('serves HTTPS:443 with the certificate annotation, and both ports with listen-ports', () => {
    const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const tls = plan(ing('a', { tls: [{ hosts: ['www.example.com'] }], rules: [{ host: 'www.example.com', http: { paths: [path('/', 'Prefix')] } }] }, { 'alb.ingress.kubernetes.io/certificate-arn': cert }));
    expect(tls.ok && tls.lb.listeners.map((l) => [l.port, l.protocol, l.certificateArn, l.sslPolicy])).toEqual([[443, 'HTTPS', cert, 'ELBSecurityPolicy-2016-08']]);
    const both = plan(ing('a', { rules: [{ http: { paths: [path('/', 'Prefix')] } }] }, { 'alb.ingress.kubernetes.io/certificate-arn': cert, 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]' }));
    expect(both.ok && both.lb.listeners.map((l) => [l.port, l.protocol, l.rules.length])).toEqual([[80, 'HTTP', 1], [443, 'HTTPS', 1]]);
  });

  it.each([
    ['a missing Service', ing('a', { rules: [{ http: { paths: [path('/', 'Prefix', 'nope', 80)] } }] }), 'spec.rules[0]: services "nope" not found'],
    ['a missing port', ing('a', { rules: [{ http: { paths: [path('/', 'Prefix', 'web', 81)] } }] }), 'spec.rules[0]: unable to find port 81 on service default/web'],
    ['a resource backend', ing('a', { defaultBackend: { resource: { kind: 'Bucket', name: 'b' } } }), 'spec.defaultBackend: only service backends are supported'],
  ])('reports %s, naming the Ingress', (_, i, message) => {
    const p = plan(i);
    expect(p.ok ? [] : p.problems.map((x) => [x.ingress.metadata?.name, x.message])).toEqual([['a', message]]);
  });

  it('reports members that disagree on a group-wide setting', () => {
    const a = ing('a', { defaultBackend: { service: { name: 'web', port: { number: 80 } } } }, { 'alb.ingress.kubernetes.io/scheme': 'internal' });
    const b = ing('b', { rules: [{ http: { paths: [path('/', 'Prefix')] } }] }, { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' });
    const p = plan(a, b);
    expect(p.ok ? [] : p.problems.map((x) => [x.ingress.metadata?.name, x.message])).toEqual([['b', 'conflicting alb.ingress.kubernetes.io/scheme: "internet-facing" here, "internal" in the group']]);
  });
});

describe('Ingress annotations', () => {
  it.each([
    ['alb.ingress.kubernetes.io/scheme', 'public', 'must be "internal" or "internet-facing"'],
    ['alb.ingress.kubernetes.io/group.name', 'Team_A', 'must be at most 63 lower case'],
    ['alb.ingress.kubernetes.io/group.order', '1001', 'must be an integer from -1000 to 1000'],
    ['alb.ingress.kubernetes.io/listen-ports', '[{"TCP": 80}]', 'must be a JSON list'],
    ['alb.ingress.kubernetes.io/certificate-arn', 'my-cert', 'must be ACM or IAM certificate ARNs'],
    ['alb.ingress.kubernetes.io/inbound-cidrs', '10.0.0.0/33', 'must be IPv4 CIDRs'],
    ['alb.ingress.kubernetes.io/target-type', 'instance', 'only "ip" is supported'],
  ])('%s=%s is refused, naming the annotation', (key, value, why) => {
    const parsed = parseIngressAnnotations(ing('a', {}, { [key]: value }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toContain(`annotation ${key}=${JSON.stringify(value)}: ${why}`);
  });

  it('needs a certificate annotation for spec.tls (no certificate discovery)', () => {
    const parsed = parseIngressAnnotations(ing('a', { tls: [{ hosts: ['a.example.com'] }] }));
    expect(!parsed.ok && parsed.problems).toEqual(['spec.tls needs annotation alb.ingress.kubernetes.io/certificate-arn: certificates are not discovered from spec.tls hosts']);
  });
});

describe('classes and groups', () => {
  const classes: IngressClass[] = [{ metadata: { name: 'alb' }, spec: { controller: 'skiff.dev/alb' } }, { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } }];
  it.each([
    ['spec.ingressClassName alb', { ingressClassName: 'alb' }, {}, true],
    ['the deprecated annotation', {}, { 'kubernetes.io/ingress.class': 'alb' }, true],
    ['another controller\'s class', { ingressClassName: 'nginx' }, {}, false],
    ['a class that does not exist', { ingressClassName: 'gone' }, {}, false],
    ['no class at all', {}, {}, false],
  ])('%s', (_, spec, annotations, want) => {
    const i: Ingress = { metadata: { name: 'a', namespace: 'default', annotations }, spec };
    expect(isOurIngress(i, classes)).toBe(want);
  });

  it('groups by group.name, else by class', () => {
    expect(groupOf(ing('a', {}, { 'alb.ingress.kubernetes.io/group.name': 'team-a' }))).toEqual({ owner: 'ingress/group/team-a', label: 'team-a' });
    expect(groupOf(ing('a', {}))).toEqual({ owner: 'ingress/class/alb', label: 'alb' });
  });

  it('routes an Ingress record to the groups of both its images', () => {
    const image = (i: Ingress) => ({ b: { B: encodeBody(i as never) } });
    const record = {
      eventName: 'MODIFY' as const,
      dynamodb: { OldImage: image(ing('a', {})), NewImage: image(ing('a', {}, { 'alb.ingress.kubernetes.io/group.name': 'team-a' })) },
    };
    const keys = routeIngressRecord(record as never, { resource: 'ingresses.networking.k8s.io', namespace: 'default', name: 'a' }, 'ingress');
    expect(keys.map((k) => k.name).sort()).toEqual(['group:ingress/class/alb', 'group:ingress/group/team-a']);
    expect(routeIngressRecord(record as never, { resource: 'endpointslices.discovery.k8s.io', namespace: 'shop', name: 'x' }, 'ingress')).toEqual([{ resource: 'ingresses.networking.k8s.io', namespace: 'shop', name: '*', controller: 'ingress' }]);
  });
});
