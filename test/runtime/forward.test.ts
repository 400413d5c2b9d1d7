import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatch } from '../../shared/runtime/dispatch';
import { covers, forwardedBody, forwarderFilters, forwardPlan, forwardTargetsFromEnv, MAX_MESSAGE_BYTES, withForwarding } from '../../shared/runtime/forward';
import { CONTROLLER_MANAGER_SOURCE, ECS_PROVIDER_SOURCE } from '../../shared/runtime/sources';
import { keyOfRecord } from '../../shared/runtime/work';
import { awsClientConfig, resetAws } from '../support/aws';

const record = (pk: string, name: string, seq: string, extra: Partial<DynamoDBRecord['dynamodb']> = {}): DynamoDBRecord => ({
  eventID: `e${seq}`, eventName: 'MODIFY', eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: `default/${name}` } }, SequenceNumber: seq, NewImage: { nodeName: { S: 'fargate-us-east-1a' } }, ...extra },
});

describe('covers', () => {
  it.each([
    ['a prefix covers an exact key under it', { dynamodb: { Keys: { pk: { S: [{ prefix: 'o#' }] } } } }, { dynamodb: { Keys: { pk: { S: ['o#pods'] } } } }, true],
    ['a prefix covers a pattern that narrows further', { dynamodb: { Keys: { pk: { S: [{ prefix: 'o#' }] } } } }, ECS_PROVIDER_SOURCE.filters[0], true],
    ['a prefix does not cover another prefix\'s keys', { dynamodb: { Keys: { pk: { S: [{ prefix: 'o#' }] } } } }, { dynamodb: { Keys: { pk: { S: ['l#pods'] } } } }, false],
    ['an exact key does not cover a pattern that does not name it', { dynamodb: { Keys: { pk: { S: ['o#pods'] } } } }, { eventName: ['REMOVE'] }, false],
  ])('%s', (_what, outer, inner, expected) => {
    expect(covers(outer, inner)).toBe(expected);
  });

  it('adds to the forwarder\'s mapping only the patterns its own do not cover', () => {
    const logs = { dynamodb: { Keys: { pk: { S: ['l#pods'] } } } };

    expect(forwarderFilters(CONTROLLER_MANAGER_SOURCE.filters, [ECS_PROVIDER_SOURCE.filters, [logs]])).toEqual([...CONTROLLER_MANAGER_SOURCE.filters, logs]);
  });
});

describe('forwardPlan', () => {
  const target = { name: 'ecs-provider', filters: ECS_PROVIDER_SOURCE.filters, queueUrl: 'q' };

  it('forwards only the records that match the target\'s filters, ten to a batch, in stream order', () => {
    const records = [
      ...Array.from({ length: 12 }, (_, i) => record('o#pods', `p${i}`, String(i))),
      record('o#deployments.apps', 'd', '99'),
    ];

    const batches = forwardPlan(records, [target]);

    expect(batches.map((b) => b.entries.map((e) => e.Id))).toEqual([['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['10', '11']]);
  });

  it('drops the old image, then both, from a record too big for one message', () => {
    const big = { b: { B: new Uint8Array(600 * 1024) } } as never;
    const body = JSON.parse(forwardedBody(record('o#pods', 'p', '1', { OldImage: big, NewImage: big })));

    expect(body.record.dynamodb.OldImage).toBeUndefined();
    expect(Buffer.byteLength(forwardedBody(record('o#pods', 'p', '1', { NewImage: big })))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
  });
});

describe('forwardTargetsFromEnv', () => {
  it('pairs each queue with its consumer\'s declared filters, and refuses an undeclared consumer', () => {
    expect(forwardTargetsFromEnv({ SKIFF_FORWARD_QUEUES: '{"ecs-provider":"u"}' })).toEqual([{ name: 'ecs-provider', filters: ECS_PROVIDER_SOURCE.filters, queueUrl: 'u' }]);
    expect(forwardTargetsFromEnv({})).toEqual([]);
    expect(() => forwardTargetsFromEnv({ SKIFF_FORWARD_QUEUES: '{"kubelet":"u"}' })).toThrow(/kubelet/);
  });
});

describe('withForwarding on the emulator\'s SQS', () => {
  const sqs = new SQSClient(awsClientConfig());
  afterAll(() => sqs.destroy());

  it('delivers the matching records to the consumer\'s queue, where dispatch routes them like stream records', async () => {
    await resetAws();
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'ecs-provider-requeue' }))).QueueUrl as string;
    const event: DynamoDBStreamEvent = { Records: [record('o#pods', 'web', '1'), record('o#configmaps', 'c', '2')] };
    const own = jest.fn(async () => ({ batchItemFailures: [] }));

    const out = await withForwarding(own, sqs, [{ name: 'ecs-provider', filters: ECS_PROVIDER_SOURCE.filters, queueUrl }])(event);

    expect(out.batchItemFailures).toEqual([]);
    expect(own).toHaveBeenCalledWith(event);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    expect(received.Messages).toHaveLength(1);
    const reconciled: string[] = [];
    await dispatch('ecs-provider', {
      Records: (received.Messages ?? []).map((m) => ({ messageId: m.MessageId as string, body: m.Body as string, eventSource: 'aws:sqs' })),
    } as never, {
      route: (r) => [keyOfRecord(r)].filter((k) => k !== undefined),
      reconcile: async (key) => { reconciled.push(`${key.resource}/${key.namespace}/${key.name}`); return {}; },
    }, undefined);
    expect(reconciled).toEqual(['pods/default/web']);
  });

  it('reports the records it could not forward as failed, so the stream retries them', async () => {
    const event: DynamoDBStreamEvent = { Records: [record('o#pods', 'web', '7')] };

    const out = await withForwarding(async () => ({ batchItemFailures: [] }), sqs, [{ name: 'ecs-provider', filters: ECS_PROVIDER_SOURCE.filters, queueUrl: 'http://127.0.0.1:1/nowhere' }])(event);

    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
  });
});
