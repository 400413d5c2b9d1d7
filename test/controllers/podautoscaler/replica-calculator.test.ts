import type { Pod } from '../../../shared/api/types';
import { resourceReplicas, type PodMetrics } from '../../../shared/controllers/podautoscaler/replica-calculator';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const LONG_AGO = new Date(NOW - 10 * 60_000).toISOString();

function pod(name: string, opts: { phase?: string; ready?: boolean; cpu?: string; started?: string; readySince?: string } = {}): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx', resources: opts.cpu === undefined ? { requests: { cpu: '100m' } } : opts.cpu ? { requests: { cpu: opts.cpu } } : {} }] },
    status: {
      phase: opts.phase ?? 'Running',
      startTime: opts.started ?? LONG_AGO,
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: opts.readySince ?? LONG_AGO }],
    },
  };
}
const metrics = (entries: [string, number][]): PodMetrics => new Map(entries.map(([n, v]) => [n, { value: v, timestamp: NOW, windowMs: 15_000 }]));

describe('resourceReplicas', () => {
  it.each([
    ['scales up by the usage ratio', 1, [pod('a')], [['a', 200]], 4, 200],
    ['keeps the count within the 10% tolerance', 2, [pod('a'), pod('b')], [['a', 55], ['b', 50]], 2, 52],
    ['scales down to the usage ratio', 4, ['a', 'b', 'c', 'd'].map((n) => pod(n)), [['a', 10], ['b', 10], ['c', 10], ['d', 10]], 1, 10],
    // A missing pod counts as 0% on a scale-up: (200+0)/200 = 100% vs 50% -> ceil(2 * 2) = 4.
    ['treats a pod without metrics as idle when scaling up', 2, [pod('a'), pod('b')], [['a', 200]], 2 * 2, 200],
    // On a scale-down a missing pod counts as 100% of its request: (10+100)/200 = 55% -> over 50%: direction reverses, no change.
    ['treats a pod without metrics as fully used when scaling down', 2, [pod('a'), pod('b')], [['a', 10]], 2, 10],
    // Pending pods are unready: on a scale-up they count as 0. (300 + 0)/200 = 150% -> ceil(3 * 2) = 6.
    ['counts pending pods as idle when scaling up', 2, [pod('a'), pod('p', { phase: 'Pending' })], [['a', 300]], 6, 300],
    ['ignores failed and deleting pods', 1, [pod('a'), pod('f', { phase: 'Failed' })], [['a', 100], ['f', 900]], 2, 100],
  ])('%s', (_name, current, pods, values, replicas, utilization) => {
    const p = resourceReplicas({ currentReplicas: current as number, pods: pods as Pod[], metrics: metrics(values as [string, number][]), resource: 'cpu', targetUtilization: 50, now: NOW });
    expect([p.replicas, p.utilization]).toEqual([replicas, utilization]);
  });

  it('treats a pod within its CPU initialization whose readiness is newer than one window as unready', () => {
    const fresh = pod('new', { started: new Date(NOW - 60_000).toISOString(), readySince: new Date(NOW - 5_000).toISOString() });
    const p = resourceReplicas({ currentReplicas: 2, pods: [pod('a'), fresh], metrics: metrics([['a', 100], ['new', 0]]), resource: 'cpu', targetUtilization: 50, now: NOW });
    // Only `a` counts at first (100% -> up); the fresh pod then counts as 0: 100/200 = 50%, at target.
    expect(p.replicas).toBe(2);
  });

  it('averages raw values for an AverageValue target', () => {
    const p = resourceReplicas({ currentReplicas: 2, pods: [pod('a'), pod('b')], metrics: metrics([['a', 300_000], ['b', 100_000]]), resource: 'memory', targetAverage: 100_000, now: NOW });
    expect([p.replicas, p.rawAverage]).toEqual([4, 200_000]);
  });

  it.each([
    ['no pods', [], [], 'no pods returned by selector while calculating replica count'],
    ['only unready pods', [pod('p', { phase: 'Pending' })], [['p', 1]], 'did not receive metrics for targeted pods (pods might be unready)'],
    ['a container without a request', [pod('a', { cpu: '' })], [['a', 1]], 'missing request for cpu in container c of Pod a'],
  ])('fails with upstream\'s message for %s', (_name, pods, values, message) => {
    expect(() => resourceReplicas({ currentReplicas: 1, pods: pods as Pod[], metrics: metrics(values as [string, number][]), resource: 'cpu', targetUtilization: 50, now: NOW })).toThrow(message as string);
  });
});
