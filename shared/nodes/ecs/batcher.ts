import { ECSClient, Failure, RunTaskCommand, StartTaskCommand, TagResourceCommand, Task } from '@aws-sdk/client-ecs';
import { logger } from '../../logging';
import { assignTasks, Batch, batchIdOf, batchTags, MAX_BATCH, planBatches, podTags, recorded, StartRequest, batchKeyOf } from './batches';
import { failureMessage } from './run-errors';

/** A member's share of its call: its task (tagged as its own), or why ECS started none for it. */
export type StartOutcome = { task: Task } | { failed: string };

export interface BatcherOptions {
  ecs: ECSClient;
  cluster: string;
  securityGroups: string[];
  assignPublicIp: boolean;
  /** How long a start waits for others to share its call (ms). */
  windowMs?: number;
  /** At most this many pods a call (10, ECS's limit; 1 turns batching off). */
  max?: number;
}

interface Waiting {
  request: StartRequest;
  resolve: (o: StartOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Starts pods' tasks, up to 10 a call: starts submitted within a short window that share a task
 * definition, overrides and placement go out as one RunTask (`count`) or StartTask (one task per
 * listed instance). A call for one pod carries the pod's own identity (startedBy = its uid,
 * clientToken = uid-attempt, tags naming it); a batch carries the batch's (startedBy and
 * clientToken = the batch id, tags listing its members in order), and each task it started is then
 * tagged with its pod by TagResource. Which task is whose is `assignTasks`, a pure function of the
 * batch's tags and tasks, so a process that lost its memory before tagging finds the same answer
 * (PodTasks' recovery).
 */
export class StartBatcher {
  private queue: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private readonly windowMs: number;
  private readonly max: number;

  constructor(private readonly o: BatcherOptions) {
    this.windowMs = o.windowMs ?? 20;
    this.max = Math.max(1, Math.min(MAX_BATCH, o.max ?? MAX_BATCH));
  }

  submit(request: StartRequest): Promise<StartOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      const key = batchKeyOf(request);
      if (this.max === 1 || this.queue.filter((w) => batchKeyOf(w.request) === key).length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.queue;
    this.queue = [];
    const byUid = new Map(waiting.map((w) => [w.request.uid, w]));
    for (const batch of planBatches(waiting.map((w) => w.request), this.max)) {
      const ws = batch.members.map((m) => byUid.get(m.uid) as Waiting);
      this.send(batch).then(
        (outcomes) => ws.forEach((w) => w.resolve(outcomes.get(w.request.uid) ?? { failed: 'ECS started no task' })),
        (err) => ws.forEach((w) => w.reject(err)),
      );
    }
  }

  private async send(batch: Batch): Promise<Map<string, StartOutcome>> {
    const members = batch.members;
    const first = members[0];
    const single = members.length === 1;
    const id = single ? undefined : batchIdOf(members);
    const common = {
      cluster: this.o.cluster,
      taskDefinition: first.taskDefinition,
      startedBy: id ?? first.uid.slice(0, 36),
      overrides: first.overrides,
      enableECSManagedTags: true,
      tags: single ? podTags(this.o.cluster, first) : batchTags(this.o.cluster, String(id), members),
      networkConfiguration: {
        awsvpcConfiguration: { subnets: first.subnets, securityGroups: this.o.securityGroups, assignPublicIp: first.compute === 'fargate' && this.o.assignPublicIp ? ('ENABLED' as const) : ('DISABLED' as const) },
      },
    };
    const out =
      first.compute === 'fargate'
        ? await this.o.ecs.send(new RunTaskCommand({ ...common, launchType: 'FARGATE', count: members.length, clientToken: id ?? `${first.uid}-${first.attempt}` }))
        : await this.o.ecs.send(new StartTaskCommand({ ...common, containerInstances: members.map((m) => String(m.containerInstanceArn)) }));
    const failures = out.failures ?? [];
    const outcomes = new Map<string, StartOutcome>();
    const assigned = assignTasks(members.map(recorded), out.tasks ?? []);
    await Promise.all(
      members.map(async (m) => {
        const mine = assigned.get(m.uid);
        if (!mine) {
          outcomes.set(m.uid, { failed: failureMessage(failuresOf(m, failures)) || 'ECS started fewer tasks than asked' });
          return;
        }
        const tags = podTags(this.o.cluster, m);
        if (!single) await this.tag(String(mine.task.taskArn), tags);
        outcomes.set(m.uid, { task: { ...mine.task, tags: [...(mine.task.tags ?? []).filter((t) => !tags.some((x) => x.key === t.key)), ...tags] } });
      }),
    );
    return outcomes;
  }

  /** Names the pod on its task; if this fails the pod still has its task (in memory, and recovery re-derives it). */
  private async tag(taskArn: string, tags: ReturnType<typeof podTags>): Promise<void> {
    try {
      await this.o.ecs.send(new TagResourceCommand({ resourceArn: taskArn, tags }));
    } catch (err) {
      logger.warn('tagging a batched task failed; recovery will tag it', { taskArn, error: String(err) });
    }
  }
}

/** The failures that concern a member: those naming its instance (EC2), else all of the call's. */
function failuresOf(m: StartRequest, failures: Failure[]): Failure[] {
  const own = m.containerInstanceArn ? failures.filter((f) => f.arn === m.containerInstanceArn) : [];
  return own.length ? own : failures;
}
