import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Requeuer, WorkEvent, WorkKey } from './work';

/** SQS allows at most 15 minutes of delay; longer waits are caught by the periodic resync. */
const MAX_DELAY_SECONDS = 900;

/** "Reconcile this key again in N seconds" on AWS: a message on the consumer's SQS delay queue. */
export class SqsRequeuer implements Requeuer {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async after(key: WorkKey, seconds: number): Promise<void> {
    const body: WorkEvent = { source: 'skiff.work', keys: [key] };
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds))),
      }),
    );
  }
}
