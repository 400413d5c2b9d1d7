import { podRequests } from '../../shared/scheduler/resources';
import type { Container } from '../../shared/api/types';
import { makePod } from './fixtures';

const container = (name: string, cpu: string, memory: string, restartPolicy?: string): Container => ({
  name,
  image: 'busybox',
  resources: { requests: { cpu, memory } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

describe('podRequests', () => {
  const cases: Array<[string, Parameters<typeof makePod>[0], Record<string, number>]> = [
    ['sums app containers', { name: 'p', containers: [container('a', '200m', '1Gi'), container('b', '100m', '1Gi')] }, { cpu: 300, memory: 2 * 2 ** 30 }],
    [
      'takes the larger of the app containers and the biggest init container',
      { name: 'p', containers: [container('a', '2', '1G'), container('b', '1', '1G')], initContainers: [container('i1', '2', '1G'), container('i2', '2', '3G')] },
      { cpu: 3000, memory: 3e9 },
    ],
    [
      'counts sidecars with the app containers and with every later init container',
      { name: 'p', containers: [container('a', '1', '1G')], initContainers: [container('side', '1', '1G', 'Always'), container('i', '3', '1G')] },
      { cpu: 4000, memory: 2e9 },
    ],
    ['adds pod overhead', { name: 'p', cpu: '500m', memory: '1Gi', overhead: { cpu: '250m', memory: '120Mi' } }, { cpu: 750, memory: 2 ** 30 + 120 * 2 ** 20 }],
    [
      'defaults a missing request to its limit',
      { name: 'p', containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }] },
      { cpu: 500, memory: 2 ** 30 },
    ],
  ];

  it.each(cases)('%s', (_name, fixture, expected) => {
    const requests = podRequests(makePod(fixture).spec);
    expect(Object.fromEntries(requests)).toEqual(expected);
  });

  it('counts 100m and 200Mi for containers without requests when asked for non-zero requests', () => {
    const pod = makePod({ name: 'p', containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x', resources: { requests: { cpu: '1' } } }] });

    expect(Object.fromEntries(podRequests(pod.spec))).toEqual({ cpu: 1000 });
    expect(Object.fromEntries(podRequests(pod.spec, true))).toEqual({ cpu: 1100, memory: 400 * 2 ** 20 });
  });
});
