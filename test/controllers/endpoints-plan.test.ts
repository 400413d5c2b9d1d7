import { EndpointSlice } from '../../shared/api/types';
import { planEndpoints } from '../../shared/controllers/endpoints/endpoints-plan';
import { MAX_ENDPOINTS_PER_SLICE, planEndpointSlices } from '../../shared/controllers/endpoints/endpointslice-plan';
import { findPort } from '../../shared/controllers/endpoints/pod-endpoints';
import { pod, PodOptions, service } from './support';

const web = (name: string, ip: string | undefined, opts: PodOptions = {}) => pod(name, { podIP: ip, nodeName: 'node-1', ...opts });
const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-pod-${name}` });

describe('findPort', () => {
  const p = web('a', '10.0.0.1', { ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  it.each([
    ['a number', { port: 80, targetPort: 9090 }, 9090],
    ['no targetPort: the service port', { port: 80 }, 80],
    ['a named port', { port: 80, targetPort: 'http' }, 8080],
    ['a named port of another protocol', { port: 53, targetPort: 'dns', protocol: 'TCP' }, undefined],
    ['a named port of the same protocol', { port: 53, targetPort: 'dns', protocol: 'UDP' }, 53],
    ['an unknown name', { port: 80, targetPort: 'metrics' }, undefined],
  ])('resolves %s', (_case, port, expected) => {
    expect(findPort(p, port)).toBe(expected);
  });
});

describe('planEndpoints', () => {
  const svc = service('web');

  it('lists ready pods as addresses and the others as notReadyAddresses, with resolved ports', () => {
    const pods = [web('b', '10.0.0.12'), web('a', '10.0.0.2'), web('c', '10.0.0.3', { ready: false }), web('no-ip', undefined), web('other', '10.0.0.9', { labels: { app: 'db' } })];
    const step = planEndpoints(svc, pods, undefined);
    expect(step.action).toBe('create');
    if (step.action !== 'create') return;
    expect(step.endpoints.metadata).toMatchObject({ name: 'web', namespace: 'default', labels: { app: 'web', 'endpointslice.kubernetes.io/skip-mirror': 'true' } });
    expect(step.endpoints.subsets).toEqual([
      {
        addresses: [
          { ip: '10.0.0.2', nodeName: 'node-1', targetRef: ref('a') },
          { ip: '10.0.0.12', nodeName: 'node-1', targetRef: ref('b') },
        ],
        notReadyAddresses: [{ ip: '10.0.0.3', nodeName: 'node-1', targetRef: ref('c') }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('splits pods whose named port resolves differently into subsets of their own', () => {
    const pods = [web('a', '10.0.0.1'), web('b', '10.0.0.2', { ports: [{ name: 'http', containerPort: 9000 }] })];
    const step = planEndpoints(svc, pods, undefined);
    expect(step.action === 'create' && step.endpoints.subsets?.map((s) => [s.addresses?.map((a) => a.ip), s.ports?.[0].port])).toEqual([
      [['10.0.0.1'], 8080],
      [['10.0.0.2'], 9000],
    ]);
  });

  it.each([
    ['terminating pods', web('a', '10.0.0.1', { deleting: true })],
    ['terminal pods', web('a', '10.0.0.1', { phase: 'Succeeded' })],
  ])('leaves out %s', (_case, p) => {
    const step = planEndpoints(svc, [p], undefined);
    expect(step.action === 'create' && step.endpoints.subsets).toBeUndefined();
  });

  it('does nothing when the Endpoints is current', () => {
    const first = planEndpoints(svc, [web('a', '10.0.0.1')], undefined);
    if (first.action !== 'create') throw new Error('expected a create');
    const stored = { ...first.endpoints, metadata: { ...first.endpoints.metadata, resourceVersion: '7' } };
    expect(planEndpoints(svc, [web('a', '10.0.0.1')], stored)).toEqual({ action: 'none' });
    expect(planEndpoints(svc, [web('a', '10.0.0.1', { ready: false })], stored).action).toBe('update');
  });

  it.each([
    ['a service without a selector', service('manual', { selector: null }), undefined, 'none'],
    ['our Endpoints whose service is gone', undefined, { metadata: { name: 'old', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } }, 'delete'],
    ['someone else\'s Endpoints without a service', undefined, { metadata: { name: 'theirs' } }, 'none'],
  ])('leaves alone or deletes: %s', (_case, s, current, action) => {
    expect(planEndpoints(s, [web('a', '10.0.0.1')], current).action).toBe(action);
  });
});

describe('planEndpointSlices', () => {
  const svc = service('web');

  it('creates a slice owned by the service with endpoint conditions', () => {
    const plan = planEndpointSlices(svc, [web('a', '10.0.0.1'), web('b', '10.0.0.2', { ready: false }), web('c', '10.0.0.3', { deleting: true })], []);
    expect(plan.update).toEqual([]);
    expect(plan.create).toHaveLength(1);
    const slice = plan.create[0];
    expect(slice.metadata).toMatchObject({
      generateName: 'web-',
      labels: { app: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true }],
    });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', protocol: 'TCP', port: 8080 }]);
    expect(slice.endpoints.map((e) => [e.addresses[0], e.conditions, e.nodeName, e.targetRef?.name])).toEqual([
      ['10.0.0.1', { ready: true, serving: true, terminating: false }, 'node-1', 'a'],
      ['10.0.0.2', { ready: false, serving: false, terminating: false }, 'node-1', 'b'],
      ['10.0.0.3', { ready: false, serving: true, terminating: true }, 'node-1', 'c'],
    ]);
  });

  it('keeps an empty placeholder slice for a service without endpoints', () => {
    const plan = planEndpointSlices(svc, [], []);
    expect(plan.create.map((s) => [s.endpoints, s.ports])).toEqual([[[], []]]);
  });

  it('updates the slice in place as pods come and go, and deletes slices left empty', () => {
    const first = planEndpointSlices(svc, [web('a', '10.0.0.1'), web('b', '10.0.0.2')], []).create[0];
    const stored: EndpointSlice = { ...first, metadata: { ...first.metadata, name: 'web-abcde', resourceVersion: '3' } };
    const plan = planEndpointSlices(svc, [web('b', '10.0.0.2'), web('d', '10.0.0.4')], [stored]);
    expect(plan.create).toEqual([]);
    expect(plan.update.map((s) => [s.metadata?.name, s.endpoints.map((e) => e.targetRef?.name)])).toEqual([['web-abcde', ['b', 'd']]]);
    expect(planEndpointSlices(svc, [web('a', '10.0.0.1'), web('b', '10.0.0.2')], [stored])).toEqual({ create: [], update: [], delete: [] });
    const extra: EndpointSlice = { ...stored, metadata: { ...stored.metadata, name: 'web-zzzzz' } };
    expect(planEndpointSlices(svc, [web('a', '10.0.0.1'), web('b', '10.0.0.2')], [stored, extra]).delete.map((s) => s.metadata?.name)).toEqual(['web-zzzzz']);
  });

  it(`puts at most ${MAX_ENDPOINTS_PER_SLICE} endpoints in a slice`, () => {
    const pods = Array.from({ length: 250 }, (_, i) => web(`p${String(i).padStart(3, '0')}`, `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`));
    expect(planEndpointSlices(svc, pods, []).create.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
  });

  it('deletes the slices of a service that is gone', () => {
    const slice = planEndpointSlices(svc, [], []).create[0];
    expect(planEndpointSlices(undefined, [], [slice]).delete).toEqual([slice]);
  });
});
