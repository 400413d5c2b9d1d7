import { EndpointSlice, Service } from '../../shared/api/types';
import { desiredDnsNames, planInstances, publishes, serviceOfDnsName } from '../../shared/cloud-controller-manager/dns-plan';

const svc = (spec: object = {}, name = 'web', namespace = 'default'): Service =>
  Service.parse({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ port: 80 }], clusterIP: '10.96.0.20', ...spec } });

const slice = (endpoints: object[], addressType = 'IPv4'): EndpointSlice =>
  EndpointSlice.parse({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType, endpoints });

const ep = (ip: string, opts: { ready?: boolean; hostname?: string; pod?: string } = {}) => ({
  addresses: [ip],
  conditions: opts.ready === undefined ? { ready: true } : { ready: opts.ready },
  hostname: opts.hostname,
  targetRef: opts.pod ? { kind: 'Pod', namespace: 'default', name: opts.pod } : undefined,
});

describe('desiredDnsNames', () => {
  it('publishes the ready endpoints of every slice once, sorted', () => {
    const names = desiredDnsNames(svc(), [slice([ep('10.0.0.2', { pod: 'web-b' }), ep('10.0.0.1', { pod: 'web-a' }), ep('10.0.0.3', { ready: false })]), slice([ep('10.0.0.2', { pod: 'web-b' })])]);
    expect(names).toEqual([
      {
        name: 'web.default.svc',
        instances: [
          { id: '10.0.0.1', ipv4: '10.0.0.1', pod: 'default/web-a' },
          { id: '10.0.0.2', ipv4: '10.0.0.2', pod: 'default/web-b' },
        ],
      },
    ]);
  });

  it('publishes not-ready endpoints when the Service asks', () => {
    const [main] = desiredDnsNames(svc({ publishNotReadyAddresses: true }), [slice([ep('10.0.0.3', { ready: false })])]);
    expect(main.instances.map((i) => i.id)).toEqual(['10.0.0.3']);
  });

  it('gives a headless Service\'s pods with a hostname a name each', () => {
    const names = desiredDnsNames(svc({ clusterIP: 'None' }), [slice([ep('10.0.0.1', { hostname: 'db-0', pod: 'db-0' }), ep('10.0.0.2', { hostname: 'db-1', pod: 'db-1' }), ep('10.0.0.3')])]);
    expect(names.map((n) => [n.name, n.instances.map((i) => i.ipv4)])).toEqual([
      ['web.default.svc', ['10.0.0.1', '10.0.0.2', '10.0.0.3']],
      ['db-0.web.default.svc', ['10.0.0.1']],
      ['db-1.web.default.svc', ['10.0.0.2']],
    ]);
  });

  it('ignores hostnames on a Service with a ClusterIP, IPv6 slices and loopback addresses', () => {
    const names = desiredDnsNames(svc(), [slice([ep('10.0.0.1', { hostname: 'x' }), ep('127.0.0.1')]), slice([ep('fd00::1')], 'IPv6')]);
    expect(names).toEqual([{ name: 'web.default.svc', instances: [{ id: '10.0.0.1', ipv4: '10.0.0.1', pod: undefined }] }]);
  });
});

describe('publishes', () => {
  it.each([
    [svc(), true],
    [svc({ type: 'ExternalName', externalName: 'example.com', clusterIP: undefined, selector: undefined }), false],
    [svc({}, 'kubernetes'), false],
    [svc({}, 'kubernetes', 'other'), true],
  ])('%#', (s, expected) => expect(publishes(s)).toBe(expected));
});

describe('planInstances', () => {
  it('registers what is missing or changed and deregisters the rest', () => {
    const plan = planInstances(
      [
        { id: '10.0.0.1', ipv4: '10.0.0.1', pod: 'default/a' },
        { id: '10.0.0.2', ipv4: '10.0.0.2', pod: 'default/b2' },
        { id: '10.0.0.4', ipv4: '10.0.0.4' },
      ],
      [
        { id: '10.0.0.1', ipv4: '10.0.0.1', pod: 'default/a' },
        { id: '10.0.0.2', ipv4: '10.0.0.2', pod: 'default/b' },
        { id: '10.0.0.3', ipv4: '10.0.0.3' },
      ],
    );
    expect(plan).toEqual({ register: [{ id: '10.0.0.2', ipv4: '10.0.0.2', pod: 'default/b2' }, { id: '10.0.0.4', ipv4: '10.0.0.4' }], deregister: ['10.0.0.3'] });
  });

  it('plans nothing when Cloud Map already matches', () => {
    const same = [{ id: '10.0.0.1', ipv4: '10.0.0.1' }];
    expect(planInstances(same, same)).toEqual({ register: [], deregister: [] });
  });
});

describe('serviceOfDnsName', () => {
  it.each([
    ['web.default.svc', { namespace: 'default', name: 'web' }],
    ['db-0.db.prod.svc', { namespace: 'prod', name: 'db' }],
    ['something-else', undefined],
    ['a.b.c.d.svc', undefined],
  ])('%s', (name, expected) => expect(serviceOfDnsName(name)).toEqual(expected));
});
