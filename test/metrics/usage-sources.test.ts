import type { Pod } from '../../shared/api/types';
import { containerInsightsUsage, insightsQueries, type GetMetricDataInput, type MetricDataReader } from '../../shared/metrics/container-insights';
import { declaredUsage, simulatedPodUsage } from '../../shared/metrics/simulated';
import { parseMilliValue } from '../../shared/scheduler/quantity';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function pod(name: string, containerID: string, containers: { name: string; cpu?: string }[], annotations?: Record<string, string>): Pod {
  return {
    metadata: { name, namespace: 'default', annotations },
    spec: { containers: containers.map((c) => ({ name: c.name, image: 'nginx', ...(c.cpu ? { resources: { requests: { cpu: c.cpu } } } : {}) })) },
    status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, image: 'nginx', imageID: '', ready: true, restartCount: 0, containerID: `${containerID}/${c.name}`, state: { running: { startedAt: '2026-12-01T11:00:00Z' } } })) },
  };
}

describe('declaredUsage', () => {
  it.each([
    ['250m', 'app', 250],
    ['app=300m,sidecar=10m', 'sidecar', 10],
    ['app=300m', 'other', 0],
    [undefined, 'app', 0],
    ['lots', 'app', 0],
  ])('reads %s for container %s as %d millicores', (value, container, milli) => {
    expect(declaredUsage(value, container, parseMilliValue)).toBe(milli);
  });

  it('reports only running containers, at the declared usage', () => {
    const p = pod('a', 'skiff-sim://x', [{ name: 'app' }], { 'simulated.skiff.dev/cpu-usage': '200m', 'simulated.skiff.dev/memory-usage': '64Mi' });
    expect(simulatedPodUsage(p, NOW)).toEqual({ timestamp: NOW, windowSeconds: 15, containers: [{ name: 'app', cpuMilli: 200, memoryBytes: 64 * 2 ** 20 }] });
  });
});

describe('containerInsightsUsage', () => {
  const pods = [pod('web', 'ecs://task1', [{ name: 'app', cpu: '300m' }, { name: 'log', cpu: '100m' }]), pod('api', 'ecs://task2', [{ name: 'app' }])];

  it('asks for each task\'s CpuUtilized and MemoryUtilized by cluster, family and task', () => {
    const q = insightsQueries(pods, 'skiff');
    expect(q).toHaveLength(4);
    expect(q[0].MetricStat.Metric).toEqual({ Namespace: 'ECS/ContainerInsights', MetricName: 'CpuUtilized', Dimensions: [{ Name: 'ClusterName', Value: 'skiff' }, { Name: 'TaskDefinitionFamily', Value: 'skiff-default-web' }, { Name: 'TaskId', Value: 'task1' }] });
  });

  it('maps the newest datapoints to millicores and bytes, split by requests, and leaves out a task without samples', async () => {
    const calls: GetMetricDataInput[] = [];
    const reader: MetricDataReader = {
      async getMetricData(input) {
        calls.push(input);
        const t = (m: number) => new Date(NOW - m * 60_000);
        return {
          MetricDataResults: [
            { Id: 'cpu0', Timestamps: [t(3), t(2)], Values: [100, 512] },
            { Id: 'mem0', Timestamps: [t(2)], Values: [100] },
            { Id: 'cpu1', Timestamps: [], Values: [] },
            { Id: 'mem1', Timestamps: [t(2)], Values: [10] },
          ],
        };
      },
    };
    const usage = await containerInsightsUsage(reader, 'skiff').usage(pods, NOW);
    expect(calls[0]).toMatchObject({ StartTime: new Date(NOW - 300_000), EndTime: new Date(NOW), ScanBy: 'TimestampDescending' });
    // 512 CPU units are half a vCPU (500m), split 3:1 by the containers' CPU requests; no memory requests: memory halves.
    expect(usage.get('default/web')?.containers).toEqual([
      { name: 'app', cpuMilli: 375, memoryBytes: 50 * 2 ** 20 },
      { name: 'log', cpuMilli: 125, memoryBytes: 50 * 2 ** 20 },
    ]);
    expect(usage.has('default/api')).toBe(false);
  });
});
