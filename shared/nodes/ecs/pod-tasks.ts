import { DescribeTasksCommand, ECSClient, ListTasksCommand, TagResourceCommand, Task } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import { logger } from '../../logging';
import { assignTasks, isBatchId, membersOfTags, podTags, TAG_BATCH } from './batches';
import { familyOf, TAG_POD, TAG_POD_UID } from './names';

const newest = (a: Task, b: Task): number => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0);
const tagOf = (task: Task, key: string): string | undefined => task.tags?.find((t) => t.key === key)?.value;
/** A family listing started this recently answers another pod's first look too. */
const LISTING_REUSE_MS = 1000;

/**
 * What the provider knows of each pod's tasks, by pod uid: a pod's first look lists its task
 * definition family (ListTasks `family`, running and stopped, shared by the template's pods seen
 * within a second) and describes what is new; task state change events keep it current (a task's
 * `version` only grows, so an older event never overwrites a newer state). A task is a pod's by
 * its `skiff.dev/pod-uid` tag, or by its startedBy when started alone; a batched task its pod's
 * tag has not reached yet (the process stopped between the call and TagResource) is assigned again
 * from the batch's tags (`assignTasks`) and tagged then.
 */
export class PodTasks {
  private readonly byPod = new Map<string, Map<string, Task>>();
  private readonly uidOfTask = new Map<string, string>();
  private readonly podOfTask = new Map<string, string>();
  /** Batched tasks not yet known as any pod's, by ARN. */
  private readonly unassigned = new Map<string, Task>();
  private readonly looked = new Set<string>();
  private readonly listings = new Map<string, { at: number; done: Promise<void> }>();

  constructor(private readonly ecs: ECSClient, private readonly cluster: string) {}

  private uidOf(task: Task): string | undefined {
    return tagOf(task, TAG_POD_UID) ?? this.uidOfTask.get(String(task.taskArn)) ?? (task.startedBy && !isBatchId(task.startedBy) ? task.startedBy : undefined);
  }

  /** Records a task's state; returns false when it is older than what is known, or not known as any pod's. */
  observe(task: Task): boolean {
    const uid = this.uidOf(task);
    if (!task.taskArn) return false;
    if (!uid) {
      if (isBatchId(task.startedBy) || tagOf(task, TAG_BATCH)) this.unassigned.set(task.taskArn, { ...task, tags: task.tags ?? this.unassigned.get(task.taskArn)?.tags });
      return false;
    }
    const tasks = this.byPod.get(uid) ?? new Map<string, Task>();
    const known = tasks.get(task.taskArn);
    if (known && (known.version ?? 0) > (task.version ?? 0)) return false;
    const pod = tagOf(task, TAG_POD);
    if (pod) this.podOfTask.set(task.taskArn, pod);
    this.uidOfTask.set(task.taskArn, uid);
    this.unassigned.delete(task.taskArn);
    tasks.set(task.taskArn, { ...task, tags: task.tags ?? known?.tags });
    this.byPod.set(uid, tasks);
    return true;
  }

  /** An event's task: recorded if it is news; a batched task this process does not know is described first (for its tags). */
  async record(task: Task): Promise<boolean> {
    if (this.observe(task)) return true;
    if (this.uidOf(task) || !isBatchId(task.startedBy)) return false;
    return (await this.describe([String(task.taskArn)])).map((t) => this.observe(t)).some(Boolean);
  }

  /** `namespace/name` of the pod a task runs, from its tags (described once if not known). */
  async podOf(task: Task): Promise<string | undefined> {
    const arn = String(task.taskArn);
    if (!this.podOfTask.has(arn)) for (const t of await this.describe([arn])) this.observe(t);
    return this.podOfTask.get(arn);
  }

  /** Every known task of a pod, oldest first; its family listed from ECS on the pod's first look. */
  async of(pod: Pod): Promise<Task[]> {
    const uid = String(pod.metadata?.uid);
    if (!this.looked.has(uid)) {
      await this.listFamily(familyOf(pod));
      await this.recover(pod);
      this.looked.add(uid);
    }
    return [...(this.byPod.get(uid)?.values() ?? [])].sort(newest);
  }

  private listFamily(family: string): Promise<void> {
    const recent = this.listings.get(family);
    if (recent && Date.now() - recent.at < LISTING_REUSE_MS) return recent.done;
    const done = (async () => {
      const arns: string[] = [];
      for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
        let nextToken: string | undefined;
        do {
          const page = await this.ecs.send(new ListTasksCommand({ cluster: this.cluster, family, desiredStatus, maxResults: 100, nextToken }));
          for (const a of page.taskArns ?? []) if (!arns.includes(a) && !this.uidOfTask.has(a)) arns.push(a);
          nextToken = page.nextToken;
        } while (nextToken);
      }
      for (const t of await this.describe(arns)) this.observe(t);
    })();
    this.listings.set(family, { at: Date.now(), done });
    done.catch(() => this.listings.delete(family));
    return done;
  }

  /** The pod's task from a batch whose tagging did not happen: re-derived from the batch, then tagged. */
  private async recover(pod: Pod): Promise<void> {
    const uid = String(pod.metadata?.uid);
    const batches = new Set([...this.unassigned.values()].filter((t) => membersOfTags(t.tags).some((m) => m.uid === uid)).map((t) => String(t.startedBy)));
    for (const batch of batches) {
      const arns = new Set<string>();
      for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
        for (const a of (await this.ecs.send(new ListTasksCommand({ cluster: this.cluster, startedBy: batch, desiredStatus }))).taskArns ?? []) arns.add(a);
      }
      const tasks = await this.describe([...arns]);
      const mine = assignTasks(membersOfTags(tasks[0]?.tags), tasks).get(uid);
      if (!mine) continue;
      const tags = podTags(this.cluster, { uid, pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, attempt: mine.member.attempt });
      await this.ecs.send(new TagResourceCommand({ resourceArn: mine.task.taskArn, tags })).catch((err) => logger.warn('tagging a recovered task failed', { error: String(err) }));
      this.observe({ ...mine.task, tags: [...(mine.task.tags ?? []), ...tags] });
    }
  }

  /** DescribeTasks in pages of 100, with tags. */
  async describe(arns: string[]): Promise<Task[]> {
    const out: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) {
      const res = await this.ecs.send(new DescribeTasksCommand({ cluster: this.cluster, tasks: arns.slice(i, i + 100), include: ['TAGS'] }));
      out.push(...(res.tasks ?? []));
    }
    return out;
  }

  /** Forgets a pod (gone from the API). */
  forget(uid: string): void {
    for (const arn of this.byPod.get(uid)?.keys() ?? []) {
      this.podOfTask.delete(arn);
      this.uidOfTask.delete(arn);
    }
    this.byPod.delete(uid);
    this.looked.delete(uid);
  }

  /** The pods known, by uid (for the resync). */
  uids(): string[] {
    return [...this.byPod.keys()];
  }
}
