import { PutMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';

/** One minute of what Container Insights (enhanced observability) publishes for an ECS task: its CPU units and memory MiB used. */
export async function publishTaskMetrics(client: CloudWatchClient, cluster: string, family: string, taskId: string, cpuUnits: number, memoryMiB: number, when: Date): Promise<void> {
  const dims = [{ Name: 'ClusterName', Value: cluster }, { Name: 'TaskDefinitionFamily', Value: family }, { Name: 'TaskId', Value: taskId }];
  await client.send(new PutMetricDataCommand({
    Namespace: 'ECS/ContainerInsights',
    MetricData: [
      { MetricName: 'CpuUtilized', Dimensions: dims, Timestamp: when, Value: cpuUnits, Unit: 'None' },
      { MetricName: 'MemoryUtilized', Dimensions: dims, Timestamp: when, Value: memoryMiB, Unit: 'Megabytes' },
    ],
  }));
}
