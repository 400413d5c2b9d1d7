import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumer } from '../../runtime/consumer';
import type { FilterPattern } from '../../runtime/filters';
import { isWorkEvent } from '../../runtime/work';
import { objectPk } from '../../storage/keys';
import type { SimulatedNodes } from './nodes';

/**
 * The simulated kubelets as a local stream consumer: records of pods bound to (or removed from)
 * their nodes, and of the nodes themselves, reach them within one poll instead of at the next
 * full sync. Their own timers do the periodic work, so resync events are ignored.
 */
export function simulatedNodesConsumer(nodes: SimulatedNodes): StreamConsumer {
  const onNode = (image: 'NewImage' | 'OldImage'): FilterPattern => ({
    dynamodb: { Keys: { pk: { S: [objectPk('pods')] } }, [image]: { nodeName: { S: [{ prefix: nodes.namePrefix }] } } },
  });
  return {
    name: 'simulated-nodes',
    filters: [
      onNode('NewImage'),
      onNode('OldImage'),
      { dynamodb: { Keys: { pk: { S: [objectPk('nodes')] }, sk: { S: [{ prefix: `/${nodes.namePrefix}` }] } } } },
    ],
    batchSize: 100,
    resyncSeconds: 3600,
    async handler(event) {
      if (isWorkEvent(event) || !('Records' in event)) return { batchItemFailures: [] };
      // Not awaited: the local poller holds every consumer's next batch until this one returns,
      // and kubelet work must not delay the scheduler's. Syncs run bounded and log their own
      // failures; the full sync retries whatever failed.
      for (const r of (event as DynamoDBStreamEvent).Records) void nodes.onRecord(r);
      return { batchItemFailures: [] };
    },
  };
}
