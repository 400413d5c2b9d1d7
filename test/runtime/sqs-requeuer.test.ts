import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsRequeuer } from '../../shared/runtime/sqs-requeuer';
import { keyString } from '../../shared/runtime/work';
import { ObjectStore } from '../../shared/storage/store';
import { awsClientConfig, resetAws } from '../support/aws';
import { freshTable } from '../support/dynamo';

const key = { resource: 'cronjobs.batch', namespace: 'default', name: 'hourly', controller: 'cronjob' };

/** Every message on the queue now (delays ignored: the emulator is asked for all of them). */
async function drain(sqs: SQSClient, url: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!got.Messages?.length) return out;
    out.push(...got.Messages.map((m) => JSON.parse(m.Body ?? '{}')));
  }
}

describe('SqsRequeuer', () => {
  let sqs: SQSClient;
  let url: string;
  let store: ObjectStore;
  let clock: number;
  let requeuer: SqsRequeuer;

  beforeEach(async () => {
    await resetAws();
    sqs = new SQSClient(awsClientConfig());
    url = (await sqs.send(new CreateQueueCommand({ QueueName: `requeue-${Date.now()}` }))).QueueUrl as string;
    const { client, table } = await freshTable();
    store = new ObjectStore({ client, table });
    clock = 1_000_000;
    requeuer = new SqsRequeuer(sqs, url, store, () => clock);
  });

  it('on the emulator: a wake-up due now counts as fired, a pending later one is not sent twice', async () => {
    await requeuer.after(key, 0, 'controller-manager'); // sent, visible at once
    await requeuer.after(key, 60, 'controller-manager'); // the pending one is due now: sent, with its delay
    await requeuer.after(key, 60, 'controller-manager'); // pending at +60: skipped
    await requeuer.after(key, 90, 'controller-manager'); // later than the pending one: skipped
    expect(await drain(sqs, url)).toEqual([{ source: 'skiff.work', keys: [key] }]);
    const record = await store.sideItem({ pk: 'requeue#controller-manager', sk: keyString(key) });
    expect(record).toMatchObject({ due: clock + 60, exp: clock + 60 + 3600 });
  });

  it('sends an earlier wake-up than the pending one, and a new one once the pending one has fired', async () => {
    const sent: number[] = [];
    const mock = mockClient(SQSClient);
    mock.on(SendMessageCommand).callsFake((input: { DelaySeconds: number }) => {
      sent.push(input.DelaySeconds);
      return {};
    });
    try {
      const r = new SqsRequeuer(new SQSClient({ region: 'us-east-1' }), url, store, () => clock);
      await r.after(key, 60, 'cm'); // sent: nothing pending
      await r.after(key, 60, 'cm'); // pending at +60: skipped
      await r.after(key, 300, 'cm'); // later than the pending one: skipped
      await r.after(key, 10, 'cm'); // earlier: sent
      await r.after({ ...key, name: 'other' }, 60, 'cm'); // another key: sent
      await r.after(key, 60, 'other-consumer'); // another consumer's queue: sent
      clock += 10; // the +10 wake-up fires; its reconcile asks again
      await r.after(key, 50, 'cm');
      await r.after(key, 50, 'cm'); // pending: skipped
      expect(sent).toEqual([60, 10, 60, 60, 50]);
    } finally {
      mock.restore();
    }
  });

  it('forgets its record when the message could not be sent, so the next request sends', async () => {
    const mock = mockClient(SQSClient);
    let fail = true;
    const sent: number[] = [];
    mock.on(SendMessageCommand).callsFake((input: { DelaySeconds: number }) => {
      if (fail) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      sent.push(input.DelaySeconds);
      return {};
    });
    try {
      const r = new SqsRequeuer(new SQSClient({ region: 'us-east-1' }), url, store, () => clock);
      await expect(r.after(key, 30, 'cm')).rejects.toThrow('throttled');
      fail = false;
      await r.after(key, 30, 'cm');
      expect(sent).toEqual([30]);
    } finally {
      mock.restore();
    }
  });
});
