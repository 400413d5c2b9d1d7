import middy from '@middy/core';
import { controllerManager } from '../../shared/controllers/manager';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';
import { logger } from '../../shared/logging';

logger.setComponent('kube-controller-manager');
const { ctx, requeuer } = consumerEnvironment();
const consumer = controllerManager(ctx, requeuer);

/** kube-controller-manager: the object table's stream, its requeue queue and its resync schedule. */
export const handler = middy((event: ConsumerEvent) => consumer.handler(event));
