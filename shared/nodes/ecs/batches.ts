import type { Tag, Task, TaskOverride } from '@aws-sdk/client-ecs';
import type { ComputeType } from './inputs';
import { digestOf, TAG_ATTEMPT, TAG_CLUSTER, TAG_POD, TAG_POD_UID } from './names';

/** RunTask's `count` and StartTask's `containerInstances` take at most 10 per call. */
export const MAX_BATCH = 10;
/** The tag naming the batch a task was started in (also its `startedBy` and `clientToken`). */
export const TAG_BATCH = 'skiff.dev/batch';
/** `skiff.dev/member-<i>`: the i-th pod of the batch, `<uid>:<attempt>` (EC2: `:<container instance id>` after). */
export const MEMBER_TAG_PREFIX = 'skiff.dev/member-';
const BATCH_PREFIX = 'skiff-batch-';

/** One pod's start, ready to send: what it runs, where, and which run of the pod it is. */
export interface StartRequest {
  uid: string;
  /** `namespace/name`. */
  pod: string;
  attempt: number;
  compute: ComputeType;
  taskDefinition: string;
  overrides: TaskOverride;
  subnets: string[];
  /** EC2: the container instance the scheduler chose. */
  containerInstanceArn?: string;
}

/** Pods started by one RunTask (Fargate, `count`) or StartTask (EC2, one task per listed instance) call. */
export interface Batch {
  key: string;
  members: StartRequest[];
}

/**
 * What makes two starts one call: the same task definition, the same overrides (RunTask's
 * overrides are one per call, so pods whose fieldRef env differs never share one) and the same
 * placement (subnets; EC2 pods also go by their instance).
 */
export function batchKeyOf(r: StartRequest): string {
  return digestOf({ compute: r.compute, taskDefinition: r.taskDefinition, overrides: r.overrides, subnets: [...r.subnets].sort() });
}

/**
 * Groups starts into calls, in arrival order: same key, at most `max` each, and on EC2 no
 * instance twice in a call (StartTask starts one task per listed instance).
 */
export function planBatches(requests: StartRequest[], max = MAX_BATCH): Batch[] {
  const open = new Map<string, Batch[]>();
  const out: Batch[] = [];
  for (const r of requests) {
    const key = batchKeyOf(r);
    const candidates = open.get(key) ?? [];
    let batch = candidates.find((b) => b.members.length < max && !(r.containerInstanceArn && b.members.some((m) => m.containerInstanceArn === r.containerInstanceArn)));
    if (!batch) {
      batch = { key, members: [] };
      candidates.push(batch);
      open.set(key, candidates);
      out.push(batch);
    }
    batch.members.push(r);
  }
  return out;
}

export const isBatchId = (startedBy: string | undefined): boolean => !!startedBy?.startsWith(BATCH_PREFIX);

/** The batch's id: a digest of its members' runs, so the same batch sent again is the same `clientToken`. */
export function batchIdOf(members: StartRequest[]): string {
  return BATCH_PREFIX + digestOf(members.map((m) => `${m.uid}:${m.attempt}`).sort()).slice(0, 16);
}

const instanceIdOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** The tags one pod's own task carries (a single start's RunTask tags; a batched task's after TagResource). */
export function podTags(cluster: string, m: Pick<StartRequest, 'uid' | 'pod' | 'attempt'>): Tag[] {
  return [
    { key: TAG_POD, value: m.pod },
    { key: TAG_POD_UID, value: m.uid },
    { key: TAG_ATTEMPT, value: String(m.attempt) },
    { key: TAG_CLUSTER, value: cluster },
  ];
}

/** A batch's RunTask tags: the batch and, in order, every member's run (what recovery reads back). */
export function batchTags(cluster: string, batchId: string, members: StartRequest[]): Tag[] {
  return [
    { key: TAG_CLUSTER, value: cluster },
    { key: TAG_BATCH, value: batchId },
    ...members.map((m, i) => ({ key: `${MEMBER_TAG_PREFIX}${i}`, value: [m.uid, m.attempt, ...(m.containerInstanceArn ? [instanceIdOf(m.containerInstanceArn)] : [])].join(':') })),
  ];
}

/** A batch member as its tag records it. */
export interface RecordedMember {
  uid: string;
  attempt: number;
  instanceId?: string;
}

/** The members a batched task's tags record, in order. */
export function membersOfTags(tags: Tag[] | undefined): RecordedMember[] {
  const out: { i: number; m: RecordedMember }[] = [];
  for (const t of tags ?? []) {
    if (!t.key?.startsWith(MEMBER_TAG_PREFIX) || !t.value) continue;
    const [uid, attempt, instanceId] = t.value.split(':');
    out.push({ i: Number(t.key.slice(MEMBER_TAG_PREFIX.length)), m: { uid, attempt: Number(attempt), ...(instanceId ? { instanceId } : {}) } });
  }
  return out.sort((a, b) => a.i - b.i).map((x) => x.m);
}

/**
 * Which task of a batch is whose. EC2: the task on the member's instance. Fargate: the tasks
 * sorted by ARN, one per member in order (ECS may start fewer than asked; the last members are
 * then left without one). A pure function of what the batch's tags and tasks say, so a process
 * that lost its memory between the call and the tagging reaches the same answer.
 */
export function assignTasks<M extends RecordedMember>(members: M[], tasks: Task[]): Map<string, { member: M; task: Task }> {
  const out = new Map<string, { member: M; task: Task }>();
  if (members.some((m) => m.instanceId)) {
    for (const m of members) {
      const task = tasks.find((t) => t.containerInstanceArn && instanceIdOf(t.containerInstanceArn) === m.instanceId);
      if (task) out.set(m.uid, { member: m, task });
    }
    return out;
  }
  const sorted = [...tasks].sort((a, b) => (String(a.taskArn) < String(b.taskArn) ? -1 : 1));
  members.forEach((m, i) => sorted[i] && out.set(m.uid, { member: m, task: sorted[i] }));
  return out;
}

/** A StartRequest seen as its recorded member (for assignTasks at start time). */
export const recorded = (r: StartRequest): RecordedMember & { request: StartRequest } => ({
  uid: r.uid,
  attempt: r.attempt,
  ...(r.containerInstanceArn ? { instanceId: instanceIdOf(r.containerInstanceArn) } : {}),
  request: r,
});
