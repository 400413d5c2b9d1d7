import { maxConstraint, minConstraint, ratioConstraint } from '../../../shared/admission/plugins/limitranger';
import { formatMilli } from '../../../shared/admission/quantity';
import { usageOf } from '../../../shared/admission/quota/usage';

describe('LimitRanger constraints (upstream messages)', () => {
  it.each([
    [{}, {}, 'minimum cpu usage per Container is 100m.  No request is specified'],
    [{ cpu: '50m' }, {}, 'minimum cpu usage per Container is 100m, but request is 50m'],
    [{ cpu: '200m' }, { cpu: '50m' }, 'minimum cpu usage per Container is 100m, but limit is 50m'],
    [{ cpu: '100m' }, {}, undefined],
  ])('min 100m, requests %j limits %j', (requests, limits, message) => {
    expect(minConstraint('Container', 'cpu', '100m', requests, limits)).toBe(message);
  });

  it.each([
    [{}, {}, 'maximum memory usage per Pod is 1Gi.  No limit is specified'],
    [{}, { memory: '2Gi' }, 'maximum memory usage per Pod is 1Gi, but limit is 2Gi'],
    [{ memory: '2Gi' }, { memory: '1Gi' }, 'maximum memory usage per Pod is 1Gi, but request is 2Gi'],
    [{ memory: '512Mi' }, { memory: '1Gi' }, undefined],
  ])('max 1Gi, requests %j limits %j', (requests, limits, message) => {
    expect(maxConstraint('Pod', 'memory', '1Gi', requests, limits)).toBe(message);
  });

  it.each([
    [{}, { cpu: '1' }, 'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0'],
    [{ cpu: '100m' }, {}, 'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0'],
    [{ cpu: '100m' }, { cpu: '1' }, 'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000'],
    [{ cpu: '500m' }, { cpu: '1' }, undefined],
  ])('ratio 2, requests %j limits %j', (requests, limits, message) => {
    expect(ratioConstraint('Container', 'cpu', '2', requests, limits)).toBe(message);
  });
});

describe('quota usage', () => {
  it('counts a pod, its compute resources and count/pods', () => {
    const pod = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1' } } }, { name: 'b', resources: { requests: { cpu: '150m' } } }] },
    };
    expect(usageOf('pods', pod)).toEqual({ pods: 1000, 'count/pods': 1000, 'requests.cpu': 250, cpu: 250, 'requests.memory': 128 * 2 ** 20 * 1000, memory: 128 * 2 ** 20 * 1000, 'limits.cpu': 1000 });
  });
  it('does not count a finished pod', () => {
    expect(usageOf('pods', { metadata: {}, status: { phase: 'Succeeded' } })).toEqual({});
  });
  it('counts any kind as count/<resource>.<group>', () => {
    expect(usageOf('deployments.apps', { metadata: {} })).toEqual({ 'count/deployments.apps': 1000 });
    expect(usageOf('services', { metadata: {}, spec: { type: 'LoadBalancer', ports: [{}, {}] } })).toEqual({
      services: 1000,
      'count/services': 1000,
      'services.loadbalancers': 1000,
      'services.nodeports': 2000,
    });
  });
  it.each([
    [2000, 'DecimalSI', '2'],
    [250, 'DecimalSI', '250m'],
    [256 * 2 ** 20 * 1000, 'BinarySI', '256Mi'],
    [1e9 * 1000, 'DecimalSI', '1G'],
    [0, 'BinarySI', '0'],
  ] as const)('formats %d (%s) as %s', (value, format, text) => {
    expect(formatMilli(value, format)).toBe(text);
  });
});
