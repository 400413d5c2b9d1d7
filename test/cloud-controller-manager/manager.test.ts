import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { cloudContext } from '../../shared/cloud-controller-manager/cloud';
import { cloudControllerManager } from '../../shared/cloud-controller-manager/manager';
import { create, R } from '../../shared/controllers/client';
import { matchesAny } from '../../shared/runtime/filters';
import { CLOUD_CONTROLLER_MANAGER_SOURCE, readsStream } from '../../shared/runtime/sources';
import { WorkKey } from '../../shared/runtime/work';
import { awsEndpoint } from '../support/aws';
import { streamRecord, testContext } from '../controllers/support';
import { ec2Node } from './support';

const settings = () => ({ endpoint: awsEndpoint(), region: 'us-east-1', cluster: 'ccm-manager', subnets: [], securityGroups: [], logGroup: '/skiff/test' });

describe('cloudControllerManager', () => {
  it('is one consumer under its own name, its declared source covering every controller\'s records, outside the two stream mappings', async () => {
    const ctx = await testContext();
    const consumer = cloudControllerManager(ctx, cloudContext(settings()));
    expect(consumer.name).toBe('cloud-controller-manager');
    expect(readsStream(CLOUD_CONTROLLER_MANAGER_SOURCE)).toBe(false);
    const node = ec2Node('i-0123456789abcdef0');
    for (const [resource, obj] of [
      ['nodes', node],
      ['services', { metadata: { name: 'web', namespace: 'default' } }],
      ['endpointslices.discovery.k8s.io', { metadata: { name: 'web-1', namespace: 'default' } }],
    ] as const) {
      const record = streamRecord(resource, 'MODIFY', obj, obj);
      expect(matchesAny(record, consumer.filters)).toBe(true);
      expect(matchesAny(record, CLOUD_CONTROLLER_MANAGER_SOURCE.filters)).toBe(true);
    }
    expect(matchesAny(streamRecord('configmaps', 'MODIFY', { metadata: { name: 'p', namespace: 'default' } }, { metadata: { name: 'p', namespace: 'default' } }), CLOUD_CONTROLLER_MANAGER_SOURCE.filters)).toBe(false);
  });

  it('answers a throttled batch with a requeue, not a failed record Lambda would retry in a loop', async () => {
    const ctx = await testContext();
    const cloud = cloudContext(settings());
    const requeued: [WorkKey, number, string][] = [];
    const consumer = cloudControllerManager(ctx, cloud, { after: async (key, seconds, name) => void requeued.push([key, seconds, name]) });
    const node = await create(ctx, R.nodes, undefined, ec2Node('i-0123456789abcdef0'));
    const mock = mockClient(cloud.ec2);
    mock.on(DescribeInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: {} }));
    try {
      const event: DynamoDBStreamEvent = { Records: [streamRecord('nodes', 'INSERT', undefined, node as object)] };
      expect(await consumer.handler(event)).toEqual({ batchItemFailures: [] });
    } finally {
      mock.restore();
    }
    expect(requeued).toEqual([[{ resource: 'nodes', name: 'i-0123456789abcdef0', controller: 'cloud-node' }, 5, 'cloud-controller-manager']]);
  });
});
