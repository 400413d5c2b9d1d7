import type { DynamoDBRecord, SQSEvent } from 'aws-lambda';
import { handleTaskEvents } from '../../../shared/nodes/ecs/consumer';
import type { EcsNodes } from '../../../shared/nodes/ecs/provider';

describe('handleTaskEvents', () => {
  it('hands a stream record the controller-manager forwarded to the provider like one from the stream', async () => {
    const record: DynamoDBRecord = { eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'o#pods' }, sk: { S: 'default/web' } }, SequenceNumber: '1' } };
    const onRecord = jest.fn(async () => undefined);
    const nodes = { onRecord } as Pick<EcsNodes, 'onRecord'> as EcsNodes;
    const event = { Records: [{ messageId: 'm1', eventSource: 'aws:sqs', body: JSON.stringify({ source: 'skiff.stream', record }) }] } as SQSEvent;

    const out = await handleTaskEvents(nodes, event);

    expect(out.batchItemFailures).toEqual([]);
    expect(onRecord).toHaveBeenCalledWith(record);
  });
});
