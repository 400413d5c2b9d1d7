import { ECSClient, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { handleTaskEvents } from '../shared/nodes/ecs/consumer';
import type { EcsNodes } from '../shared/nodes/ecs/provider';
import { eventOfTask } from '../shared/nodes/ecs/task-event';
import { logger } from '../shared/logging';

/**
 * Task state change events for the local AWS mode. Emulators (and a real account without an
 * EventBridge rule into a queue) send none, so this polls ListTasks/DescribeTasks, turns each task
 * whose state moved into the documented "ECS Task State Change" event, and feeds it, in an SQS
 * batch, through the same handler the Lambda runs.
 */
export class LocalTaskEvents {
  private readonly seen = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private busy?: Promise<void>;

  constructor(private readonly ecs: ECSClient, private readonly cluster: string, private readonly nodes: EcsNodes, private readonly everyMs = 1000) {}

  start(): void {
    const tick = () => {
      this.busy = this.poll()
        .then(() => undefined)
        .catch((err) => logger.warn('task event poll failed', { error: String(err) }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.everyMs);
        });
    };
    this.timer = setTimeout(tick, this.everyMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.busy;
  }

  /** One poll: every task of the cluster (running and recently stopped) whose state changed becomes an event. */
  async poll(): Promise<number> {
    const arns: string[] = [];
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      let token: string | undefined;
      do {
        const page = await this.ecs.send(new ListTasksCommand({ cluster: this.cluster, desiredStatus, maxResults: 100, nextToken: token }));
        for (const a of page.taskArns ?? []) if (!arns.includes(a)) arns.push(a);
        token = page.nextToken;
      } while (token);
    }
    const changed = (await this.nodes.tasks.describe(arns)).filter((t) => this.moved(t));
    if (changed.length === 0) return 0;
    const records: SQSRecord[] = changed.map((t, i) => sqsRecord(JSON.stringify(eventOfTask(t)), `${Date.now()}-${i}`));
    const out = await handleTaskEvents(this.nodes, { Records: records } satisfies SQSEvent);
    // A failed event is seen again on the next poll, as SQS would redeliver it.
    for (const f of out.batchItemFailures) this.seen.delete(String(changed[records.findIndex((r) => r.messageId === f.itemIdentifier)]?.taskArn));
    return changed.length;
  }

  private moved(t: Task): boolean {
    const state = `${t.lastStatus}/${t.desiredStatus}/${t.healthStatus}/${t.version ?? ''}`;
    if (this.seen.get(String(t.taskArn)) === state) return false;
    this.seen.set(String(t.taskArn), state);
    return true;
  }
}

function sqsRecord(body: string, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:skiff-ecs-task-events',
    awsRegion: 'local',
  };
}
