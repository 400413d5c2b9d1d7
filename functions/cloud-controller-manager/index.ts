import middy from '@middy/core';
import { cloudContext } from '../../shared/cloud-controller-manager/cloud';
import { cloudControllerManager } from '../../shared/cloud-controller-manager/manager';
import { awsSettingsFromEnv } from '../../shared/cloud/aws';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';
import { logger } from '../../shared/logging';

logger.setComponent('cloud-controller-manager');
const { ctx, requeuer } = consumerEnvironment('cloud-controller-manager');
const consumer = cloudControllerManager(ctx, cloudContext(awsSettingsFromEnv()), requeuer);

/** cloud-controller-manager: object records (nodes, services, EndpointSlices), its requeue queue and its resync schedule. */
export const handler = middy((event: ConsumerEvent) => consumer.handler(event));
