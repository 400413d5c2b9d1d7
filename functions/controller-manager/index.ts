import middy from '@middy/core';
import { CONTROLLERS, controllerManager } from '../../shared/controllers/manager';
import { nodeLifecycleController } from '../../shared/controllers/nodelifecycle';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';
import { lambdaTelemetry } from '../../shared/telemetry/lambda';

const telemetry = lambdaTelemetry('kube-controller-manager');
const { ctx, requeuer } = consumerEnvironment('kube-controller-manager');
const consumer = controllerManager(ctx, requeuer, [...CONTROLLERS, nodeLifecycleController()]);

/** kube-controller-manager: the object table's stream, its requeue queue and its resync schedule. */
export const handler = middy((event: ConsumerEvent) => consumer.handler(event)).use(telemetry.middlewares);
