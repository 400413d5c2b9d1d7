import middy from '@middy/core';
import { awsSettingsFromEnv } from '../../shared/cloud/aws';
import { logger } from '../../shared/logging';
import { ecsClients } from '../../shared/nodes/ecs/clients';
import { ecsProviderConsumer } from '../../shared/nodes/ecs/consumer';
import { EcsNodes } from '../../shared/nodes/ecs/provider';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';

logger.setComponent('kubelet');
const { ctx, requeuer } = consumerEnvironment('kubelet');
const settings = awsSettingsFromEnv();
const nodes = new EcsNodes({
  ctx,
  clients: ecsClients(settings),
  settings,
  executionRoleArn: process.env.SKIFF_TASK_EXECUTION_ROLE_ARN,
  volumeWriterImage: process.env.SKIFF_VOLUME_WRITER_IMAGE,
  // Pods' skiff-token sidecars sign with this role unless their service account names one, and call the API at SKIFF_POD_TOKEN_URL.
  defaultTaskRoleArn: process.env.SKIFF_TASK_ROLE_ARN,
  podToken: process.env.SKIFF_POD_TOKEN_URL ? { url: process.env.SKIFF_POD_TOKEN_URL, image: process.env.SKIFF_TOKEN_SIDECAR_IMAGE } : undefined,
  assignPublicIp: process.env.SKIFF_ASSIGN_PUBLIC_IP === 'true',
  requeuer,
});
const consumer = ecsProviderConsumer(nodes);

/**
 * The kubelet of ECS capacity: SQS batches of EventBridge "ECS Task State Change" events (batch
 * item failures reported), stream records of pods on ECS nodes, its requeues and its resync
 * schedule (which also renews the nodes' Leases).
 */
export const handler = middy(async (event: ConsumerEvent) => {
  await nodes.ensureCapacity();
  return consumer.handler(event);
});
