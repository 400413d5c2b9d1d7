import type { Node, Pod } from '../../shared/api/types';
import { cachedUsage } from '../../shared/metrics/cached';
import { queryRange, usageFromResults } from '../../shared/metrics/container-insights';
import { nodeMetricsOf, podMetricsOf } from '../../shared/metrics/objects';
import type { PodUsage, UsageSource } from '../../shared/metrics/usage';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000);

function pod(name: string, containers: { name: string; cpu?: string; memory?: string }[], containerID = `ecs://${name}-task`): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: name } },
    spec: { nodeName: 'fargate', containers: containers.map((c) => ({ name: c.name, image: 'nginx', resources: { requests: { ...(c.cpu ? { cpu: c.cpu } : {}), ...(c.memory ? { memory: c.memory } : {}) } } })) },
    status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, image: 'nginx', imageID: '', ready: true, restartCount: 0, containerID: `${containerID}/${c.name}`, state: { running: { startedAt: '2026-12-01T11:00:00Z' } } })) },
  };
}

describe('usageFromResults', () => {
  const one = [pod('web', [{ name: 'app' }])];
  it.each([
    ['one datapoint each', [{ Id: 'cpu0', Timestamps: [at(2)], Values: [256] }, { Id: 'mem0', Timestamps: [at(2)], Values: [128] }], { cpuMilli: 250, memoryBytes: 128 * 2 ** 20 }, NOW - 60_000],
    ['the newest of several, in any order', [{ Id: 'cpu0', Timestamps: [at(4), at(1), at(3)], Values: [1, 1024, 2] }, { Id: 'mem0', Timestamps: [at(1), at(4)], Values: [64, 1] }], { cpuMilli: 1000, memoryBytes: 64 * 2 ** 20 }, NOW],
    ['the newest across pages of one query', [{ Id: 'cpu0', Timestamps: [at(3)], Values: [10] }, { Id: 'cpu0', Timestamps: [at(2)], Values: [512] }, { Id: 'mem0', Timestamps: [at(2)], Values: [1] }], { cpuMilli: 500, memoryBytes: 2 ** 20 }, NOW - 60_000],
    ['a fraction of a CPU unit, rounded to a millicore', [{ Id: 'cpu0', Timestamps: [at(2)], Values: [0.5] }, { Id: 'mem0', Timestamps: [at(2)], Values: [0.5] }], { cpuMilli: 0, memoryBytes: 2 ** 19 }, NOW - 60_000],
  ])('reads %s', (_, results, usage, timestamp) => {
    expect(usageFromResults(one, results).get('default/web')).toEqual({ timestamp, windowSeconds: 60, containers: [{ name: 'app', ...usage }] });
  });

  it.each([
    ['no datapoints at all', []],
    ['CPU without memory', [{ Id: 'cpu0', Timestamps: [at(2)], Values: [1] }]],
    ['memory without CPU', [{ Id: 'mem0', Timestamps: [at(2)], Values: [1] }]],
    ['empty results', [{ Id: 'cpu0', Timestamps: [], Values: [] }, { Id: 'mem0', Timestamps: [], Values: [] }]],
  ])('leaves out a pod with %s', (_, results) => {
    expect(usageFromResults(one, results).size).toBe(0);
  });

  it.each([
    ['by CPU and memory requests', [{ name: 'app', cpu: '750m', memory: '300Mi' }, { name: 'log', cpu: '250m', memory: '100Mi' }], [[768, 300 * 2 ** 20], [256, 100 * 2 ** 20]]],
    ['evenly when nothing is requested', [{ name: 'app' }, { name: 'log' }], [[512, 200 * 2 ** 20], [512, 200 * 2 ** 20]]],
    ['all to the one container that requests', [{ name: 'app', cpu: '100m' }, { name: 'log' }], [[1024, 200 * 2 ** 20], [0, 200 * 2 ** 20]]],
  ])('splits a task over its containers %s', (_, containers, split) => {
    const p = pod('web', containers);
    const results = [{ Id: 'cpu0', Timestamps: [at(2)], Values: [1048.576] }, { Id: 'mem0', Timestamps: [at(2)], Values: [400] }];
    const got = usageFromResults([p], results).get('default/web');
    expect(got?.containers.map((c) => [c.cpuMilli, c.memoryBytes])).toEqual(split);
  });
});

describe('PodMetrics and NodeMetrics of Container Insights usage', () => {
  it('serializes a pod and sums its node as metrics-server does', () => {
    const p = pod('web', [{ name: 'app', cpu: '1' }, { name: 'log', cpu: '1' }]);
    const usage = usageFromResults([p], [{ Id: 'cpu0', Timestamps: [at(2)], Values: [1024] }, { Id: 'mem0', Timestamps: [at(2)], Values: [512] }]);
    const u = usage.get('default/web') as PodUsage;
    expect(podMetricsOf(p, u)).toMatchObject({ kind: 'PodMetrics', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, timestamp: '2026-12-01T11:59:00Z', window: '60s', containers: [{ name: 'app', usage: { cpu: '500m', memory: '262144Ki' } }, { name: 'log', usage: { cpu: '500m', memory: '262144Ki' } }] });
    const node: Node = { metadata: { name: 'fargate' } };
    expect(nodeMetricsOf(node, [p], usage, NOW)).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'fargate' }, window: '60s', usage: { cpu: '1000m', memory: '524288Ki' } });
  });
});

describe('cachedUsage', () => {
  function counting(answer: (p: Pod) => PodUsage | undefined) {
    const asked: string[][] = [];
    const source: UsageSource = {
      claims: () => true,
      async usage(pods) {
        asked.push(pods.map((p) => String(p.metadata?.name)));
        const out = new Map<string, PodUsage>();
        for (const p of pods) {
          const u = answer(p);
          if (u) out.set(`default/${String(p.metadata?.name)}`, u);
        }
        return out;
      },
    };
    return { source, asked };
  }
  const sample: PodUsage = { timestamp: NOW, windowSeconds: 60, containers: [{ name: 'app', cpuMilli: 5, memoryBytes: 1 }] };

  it('answers within a window from the cache, asks again after it, and asks again for a pod without a sample', async () => {
    let clock = NOW;
    const { source, asked } = counting((p) => (p.metadata?.name === 'new' ? undefined : sample));
    const cached = cachedUsage(source, () => clock);
    const pods = [pod('web', [{ name: 'app' }]), pod('new', [{ name: 'app' }])];
    expect([...(await cached.usage(pods, clock)).keys()]).toEqual(['default/web']);
    clock += 59_000;
    expect([...(await cached.usage(pods, clock)).keys()]).toEqual(['default/web']);
    clock += 1_000;
    await cached.usage(pods, clock);
    expect(asked).toEqual([['web', 'new'], ['new'], ['web', 'new']]);
  });

  it('treats a pod whose task was replaced as a new sample', async () => {
    const { source, asked } = counting(() => sample);
    const cached = cachedUsage(source, () => NOW);
    await cached.usage([pod('web', [{ name: 'app' }], 'ecs://task-a')], NOW);
    await cached.usage([pod('web', [{ name: 'app' }], 'ecs://task-b')], NOW);
    expect(asked).toEqual([['web'], ['web']]);
  });
});

describe('queryRange', () => {
  it.each([
    ['an aligned now', NOW, NOW - 300_000, NOW],
    ['a now within a minute', NOW + 12_345, NOW - 300_000, NOW + 60_000],
  ])('asks for whole minutes with %s', (_, now, start, end) => {
    expect(queryRange(now)).toEqual({ StartTime: new Date(start), EndTime: new Date(end) });
  });
});
