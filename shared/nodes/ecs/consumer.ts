import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { logger } from '../../logging';
import type { ConsumerEvent, StreamConsumer } from '../../runtime/consumer';
import { isWorkEvent, WorkEvent } from '../../runtime/work';
import { isForwardedRecord } from '../../runtime/forward';
import { ECS_PROVIDER_SOURCE } from '../../runtime/sources';
import type { EcsNodes } from './provider';
import { isTaskStateChange, taskOfEvent } from './task-event';

const isSqs = (e: ConsumerEvent): e is SQSEvent => 'Records' in e && e.Records[0]?.eventSource === 'aws:sqs';

/**
 * ECS "Task State Change" events from SQS (EventBridge's target on AWS; the local runner feeds the
 * same shape): each message's task is recorded and its pod synced. A message that fails is
 * reported as a batch item failure and comes back; one that is not such an event is dropped.
 */
export async function handleTaskEvents(nodes: EcsNodes, event: SQSEvent): Promise<DynamoDBBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const r of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      logger.warn('dropping a message that is not JSON', { messageId: r.messageId });
      continue;
    }
    try {
      // The same queue may carry the provider's own requeues (WorkEvents) and, on AWS, the stream
      // records the controller-manager forwards (shared/runtime/forward.ts).
      if (isWorkEvent(body)) await runWork(nodes, body);
      else if (isForwardedRecord(body)) await nodes.onRecord(body.record);
      else if (isTaskStateChange(body)) await nodes.onTask(taskOfEvent(body));
    } catch (err) {
      logger.warn('task state change failed, to be retried', { messageId: r.messageId, error: String(err) });
      failures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures: failures };
}

async function runWork(nodes: EcsNodes, work: WorkEvent): Promise<void> {
  if (work.resync) {
    await nodes.heartbeat();
    await nodes.resync();
  }
  await Promise.all(work.keys.filter((k) => k.resource === 'pods' && k.namespace).map((k) => nodes.syncKey(`${k.namespace}/${k.name}`)));
}

/**
 * The ECS provider as one consumer: object stream records of pods on ECS nodes, task state change
 * events from its queue, and its resync schedule.
 */
export function ecsProviderConsumer(nodes: EcsNodes): StreamConsumer {
  return {
    name: ECS_PROVIDER_SOURCE.name,
    filters: ECS_PROVIDER_SOURCE.filters,
    batchSize: ECS_PROVIDER_SOURCE.batchSize,
    resyncSeconds: ECS_PROVIDER_SOURCE.resyncSeconds,
    async handler(event) {
      if (isWorkEvent(event)) {
        await runWork(nodes, event);
        return { batchItemFailures: [] };
      }
      if (isSqs(event)) return handleTaskEvents(nodes, event);
      await Promise.all((event as DynamoDBStreamEvent).Records.map((r) => nodes.onRecord(r)));
      return { batchItemFailures: [] };
    },
  };
}
