import middy from '@middy/core';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';
import { schedulerConsumer } from '../../shared/scheduler/scheduler';
import { lambdaTelemetry } from '../../shared/telemetry/lambda';

const telemetry = lambdaTelemetry('kube-scheduler');
const { ctx, requeuer } = consumerEnvironment('kube-scheduler');
const consumer = schedulerConsumer(ctx, requeuer);

/** kube-scheduler: pending pods from the object table's stream, its requeue queue and resync schedule. */
export const handler = middy((event: ConsumerEvent) => consumer.handler(event)).use(telemetry.middlewares);
