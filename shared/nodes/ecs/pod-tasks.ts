import { DescribeTasksCommand, ECSClient, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import { TAG_POD, TAG_POD_UID } from './names';

const newest = (a: Task, b: Task): number => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0);

/**
 * What the provider knows of each pod's tasks, by pod uid: filled by ListTasks (startedBy = the
 * pod's uid) and DescribeTasks on a miss, and kept current by task state change events (a task's
 * `version` only grows, so an older event never overwrites a newer state).
 */
export class PodTasks {
  private readonly byPod = new Map<string, Map<string, Task>>();
  private readonly podOfTask = new Map<string, string>();

  constructor(private readonly ecs: ECSClient, private readonly cluster: string) {}

  /** Records a task's state; returns false when it is older than what is known. */
  observe(task: Task): boolean {
    const uid = task.startedBy ?? task.tags?.find((t) => t.key === TAG_POD_UID)?.value;
    if (!uid || !task.taskArn) return false;
    const tasks = this.byPod.get(uid) ?? new Map<string, Task>();
    const known = tasks.get(task.taskArn);
    if (known && (known.version ?? 0) > (task.version ?? 0)) return false;
    const pod = task.tags?.find((t) => t.key === TAG_POD)?.value;
    if (pod) this.podOfTask.set(task.taskArn, pod);
    tasks.set(task.taskArn, { ...task, tags: task.tags ?? known?.tags });
    this.byPod.set(uid, tasks);
    return true;
  }

  /** `namespace/name` of the pod a task runs, from its tags (described once if not known). */
  async podOf(task: Task): Promise<string | undefined> {
    const arn = String(task.taskArn);
    if (!this.podOfTask.has(arn)) for (const t of await this.describe([arn])) this.observe(t);
    return this.podOfTask.get(arn);
  }

  /** Every known task of a pod, oldest first; listed from ECS when nothing is known. */
  async of(uid: string): Promise<Task[]> {
    if (!this.byPod.has(uid)) {
      const arns: string[] = [];
      for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
        const page = await this.ecs.send(new ListTasksCommand({ cluster: this.cluster, startedBy: uid, desiredStatus }));
        for (const a of page.taskArns ?? []) if (!arns.includes(a)) arns.push(a);
      }
      this.byPod.set(uid, new Map());
      for (const t of await this.describe(arns)) this.observe(t);
    }
    return [...(this.byPod.get(uid)?.values() ?? [])].sort(newest);
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
    for (const arn of this.byPod.get(uid)?.keys() ?? []) this.podOfTask.delete(arn);
    this.byPod.delete(uid);
  }

  /** The pods known, by uid (for the resync). */
  uids(): string[] {
    return [...this.byPod.keys()];
  }
}
