import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { TABLE_SCHEMA } from '../storage/schema';
import type { ObjectStore } from '../storage/store';
import { keyString, Requeuer, WorkEvent, WorkKey } from './work';

/** SQS allows at most 15 minutes of delay; longer waits are caught by the periodic resync. */
const MAX_DELAY_SECONDS = 900;
/** A wake-up due this close to now counts as delivered (SQS delays are whole seconds; Lambdas' clocks differ a little). */
const FIRED_WITHIN_SECONDS = 2;
/** How long a wake-up's record outlives its time before DynamoDB's TTL removes it. */
const RECORD_TTL_SECONDS = 3600;

/**
 * "Reconcile this key again in N seconds" on AWS: a message on the consumer's SQS delay queue.
 *
 * Every reconcile of a key asks for its next wake-up (a CronJob's next schedule time, an HPA's next
 * sync), and reconciles also run for stream records and resyncs. Sending a message for each would
 * start a new chain of wake-ups at every trigger, each chain re-sending itself forever. So each
 * key's pending wake-up is recorded in the table (one conditional put): a request is sent only
 * when no wake-up is pending for the key, the pending one has fired, or the new one is earlier.
 * The local runner's work lane keeps one timer per key for the same reason.
 */
export class SqsRequeuer implements Requeuer {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly store?: ObjectStore,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  async after(key: WorkKey, seconds: number, consumer: string): Promise<void> {
    const delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds)));
    const now = Math.floor(this.now());
    const due = now + delay;
    const record = { pk: `requeue#${consumer}`, sk: keyString(key) };
    if (this.store) {
      const claimed = await this.store.writeSideItem({
        put: record,
        attributes: { due, [TABLE_SCHEMA.ttlAttribute]: due + RECORD_TTL_SECONDS },
        condition: { attribute: 'due', atMost: now + FIRED_WITHIN_SECONDS, above: due },
      });
      if (!claimed) return;
    }
    const body: WorkEvent = { source: 'skiff.work', keys: [key] };
    try {
      await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(body), DelaySeconds: delay }));
    } catch (err) {
      // No message went out: forget the record, so the next request sends one.
      await this.store?.writeSideItem({ delete: record, condition: { attribute: 'due', equals: due } }).catch(() => false);
      throw err;
    }
  }
}
