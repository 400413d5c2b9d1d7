import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { AwsSettings, awsClientConfig } from '../cloud/aws';
import { cachedUsage } from './cached';
import { containerInsightsUsage, type MetricDataReader } from './container-insights';
import { simulatedUsage } from './simulated';
import type { UsageSource } from './usage';

/**
 * A CloudWatch client speaking the service's query protocol (CloudWatch serves both it and JSON;
 * the AWS emulator only the query one), so the same calls run against AWS and the emulator.
 */
export function cloudWatchClient(settings: Pick<AwsSettings, 'endpoint' | 'region'>): CloudWatchClient {
  return new CloudWatchClient({
    ...awsClientConfig(settings),
    protocol: AwsQueryProtocol,
    protocolSettings: { defaultNamespace: 'com.amazonaws.cloudwatch', xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/', version: '2010-08-01' },
  });
}

/** GetMetricData through the SDK client, as the Container Insights source reads it. */
export function cloudWatchReader(client: CloudWatchClient): MetricDataReader {
  return { getMetricData: (input) => client.send(new GetMetricDataCommand(input)) };
}

/** The usage sources of a cluster on AWS: simulated pods' declared usage, ECS pods' from Container Insights (cached for its window). */
export function awsUsageSources(settings: Pick<AwsSettings, 'endpoint' | 'region' | 'cluster'>, reader: MetricDataReader = cloudWatchReader(cloudWatchClient(settings))): UsageSource[] {
  return [simulatedUsage, cachedUsage(containerInsightsUsage(reader, settings.cluster))];
}
