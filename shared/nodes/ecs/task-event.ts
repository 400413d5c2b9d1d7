import type { Container as EcsContainer, Task } from '@aws-sdk/client-ecs';

/** EventBridge's envelope of an ECS "Task State Change" event (AWS's documented shape). */
export interface TaskStateChangeEvent {
  version: string;
  id: string;
  'detail-type': 'ECS Task State Change';
  source: 'aws.ecs';
  account: string;
  time: string;
  region: string;
  resources: string[];
  /** The task as DescribeTasks gives it, with ISO timestamps and no tags. */
  detail: Record<string, unknown>;
}

const TASK_DATES = ['createdAt', 'startedAt', 'stoppedAt', 'stoppingAt', 'pullStartedAt', 'pullStoppedAt', 'executionStoppedAt', 'connectivityAt', 'updatedAt'] as const;

export function isTaskStateChange(body: unknown): body is TaskStateChangeEvent {
  const e = body as Partial<TaskStateChangeEvent> | undefined;
  return !!e && e.source === 'aws.ecs' && e['detail-type'] === 'ECS Task State Change' && typeof e.detail === 'object' && typeof e.detail?.taskArn === 'string';
}

/** The task an event describes, in the SDK's shape (timestamps as Dates). */
export function taskOfEvent(e: TaskStateChangeEvent): Task {
  const d = { ...e.detail } as Record<string, unknown>;
  for (const k of TASK_DATES) if (typeof d[k] === 'string') d[k] = new Date(d[k] as string);
  return d as Task;
}

/** The event EventBridge would send for a task (how the local runner feeds DescribeTasks output through the same handler). */
export function eventOfTask(task: Task, now = new Date()): TaskStateChangeEvent {
  const detail: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(task)) detail[k] = v instanceof Date ? v.toISOString() : v;
  detail.containers = (task.containers ?? []).map((c: EcsContainer) => ({ ...c }));
  delete detail.tags;
  const arn = task.taskArn ?? '';
  return {
    version: '0',
    id: `${arn}/${task.version ?? 0}/${task.lastStatus}`,
    'detail-type': 'ECS Task State Change',
    source: 'aws.ecs',
    account: arn.split(':')[4] ?? '',
    time: now.toISOString(),
    region: arn.split(':')[3] ?? '',
    resources: [arn],
    detail,
  };
}
