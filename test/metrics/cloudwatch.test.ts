import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { Pod } from '../../shared/api/types';
import { awsUsageSources, cloudWatchClient, cloudWatchReader } from '../../shared/metrics/cloudwatch';
import { containerInsightsUsage } from '../../shared/metrics/container-insights';
import { podUsages } from '../../shared/metrics/usage';
import { awsEndpoint, resetAws } from '../support/aws';
import { publishTaskMetrics } from '../support/container-insights';

const CLUSTER = 'insights-test';

function ecsPod(name: string, task: string): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: true, restartCount: 0, containerID: `ecs://${task}/app`, state: { running: { startedAt: '2026-12-01T11:00:00Z' } } }] },
  };
}

/** Container Insights' task metrics as ECS publishes them, put into the emulator's CloudWatch and read back over the query protocol. */
describe('CloudWatch Container Insights reader', () => {
  const settings = () => ({ endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER });

  beforeEach(() => resetAws());

  async function publish(task: string, family: string, cpu: number, memory: number, when: Date): Promise<void> {
    const client = cloudWatchClient(settings());
    await publishTaskMetrics(client, CLUSTER, family, task, cpu, memory, when);
    client.destroy();
  }

  it('reads each task\'s latest CpuUtilized and MemoryUtilized by cluster, family and task id', async () => {
    const now = Date.now();
    const minute = (m: number) => new Date(Math.floor(now / 60_000) * 60_000 - m * 60_000);
    await publish('task1', 'skiff-default-web', 128, 64, minute(3));
    await publish('task1', 'skiff-default-web', 512, 96, minute(2));
    // Another cluster's task of the same id and family is not this pod's.
    const client = cloudWatchClient(settings());
    await client.send(new PutMetricDataCommand({ Namespace: 'ECS/ContainerInsights', MetricData: [{ MetricName: 'CpuUtilized', Dimensions: [{ Name: 'ClusterName', Value: 'other' }, { Name: 'TaskDefinitionFamily', Value: 'skiff-default-api' }, { Name: 'TaskId', Value: 'task2' }], Timestamp: minute(2), Value: 9 }] }));
    const source = containerInsightsUsage(cloudWatchReader(client), CLUSTER);
    const usage = await source.usage([ecsPod('web', 'task1'), ecsPod('api', 'task2')], now);
    client.destroy();
    expect(usage.get('default/web')).toEqual({ timestamp: minute(1).getTime(), windowSeconds: 60, containers: [{ name: 'app', cpuMilli: 500, memoryBytes: 96 * 2 ** 20 }] });
    expect(usage.has('default/api')).toBe(false);
  });

  it('serves simulated pods by their declared usage and ECS pods from CloudWatch in AWS mode', async () => {
    const now = Date.now();
    await publish('task9', 'skiff-default-web', 1024, 256, new Date(now - 120_000));
    const simulated: Pod = { ...ecsPod('sim', 'x'), metadata: { name: 'sim', namespace: 'default', annotations: { 'simulated.skiff.dev/cpu-usage': '20m', 'simulated.skiff.dev/memory-usage': '1Mi' } } };
    simulated.status = { ...simulated.status, containerStatuses: simulated.status?.containerStatuses?.map((c) => ({ ...c, containerID: 'skiff-sim://n1/app' })) };
    const usage = await podUsages([ecsPod('web', 'task9'), simulated], awsUsageSources(settings()), now);
    expect(usage.get('default/web')?.containers).toEqual([{ name: 'app', cpuMilli: 1000, memoryBytes: 256 * 2 ** 20 }]);
    expect(usage.get('default/sim')?.containers).toEqual([{ name: 'app', cpuMilli: 20, memoryBytes: 2 ** 20 }]);
  });
});
