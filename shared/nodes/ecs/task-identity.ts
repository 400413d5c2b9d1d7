import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { TAG_POD, TAG_POD_UID } from './names';

/** What the pod token endpoint needs to know of an ECS task: its state, role and pod. */
export interface PodTaskIdentity {
  taskArn: string;
  lastStatus?: string;
  /** The role its containers' credentials are for (the RunTask override, else the task definition's). */
  roleArn?: string;
  /** `namespace/name` and uid of the pod it runs, from its tags. */
  pod?: string;
  podUid?: string;
}

export interface PodTaskDirectory {
  /** The cluster's task with this id, or undefined when ECS knows none. */
  task(id: string): Promise<PodTaskIdentity | undefined>;
}

/** ECS task ids are 32 hex digits (older ones a UUID); anything else is not looked up. */
const TASK_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Tasks of one ECS cluster as ECS describes them now (DescribeTasks with tags; each task
 * definition's role read once, as revisions never change).
 */
export class EcsTaskDirectory implements PodTaskDirectory {
  private readonly roles = new Map<string, Promise<string | undefined>>();

  constructor(private readonly ecs: Pick<ECSClient, 'send'>, private readonly cluster: string) {}

  async task(id: string): Promise<PodTaskIdentity | undefined> {
    if (!TASK_ID.test(id)) return undefined;
    let out;
    try {
      out = await this.ecs.send(new DescribeTasksCommand({ cluster: this.cluster, tasks: [id], include: ['TAGS'] }));
    } catch (err) {
      // An id ECS cannot parse as a task is no task of the cluster.
      if (['InvalidParameterException', 'ClientException'].includes((err as Error).name)) return undefined;
      throw err;
    }
    const t = out.tasks?.find((x) => x.taskArn?.endsWith(`/${id}`));
    if (!t?.taskArn) return undefined;
    const tag = (key: string) => t.tags?.find((x) => x.key === key)?.value;
    return {
      taskArn: t.taskArn,
      lastStatus: t.lastStatus,
      roleArn: t.overrides?.taskRoleArn ?? (t.taskDefinitionArn ? await this.roleOf(t.taskDefinitionArn) : undefined),
      pod: tag(TAG_POD),
      podUid: tag(TAG_POD_UID),
    };
  }

  private roleOf(taskDefinitionArn: string): Promise<string | undefined> {
    let role = this.roles.get(taskDefinitionArn);
    if (!role) {
      role = this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })).then((d) => d.taskDefinition?.taskRoleArn);
      role.catch(() => this.roles.delete(taskDefinitionArn));
      this.roles.set(taskDefinitionArn, role);
    }
    return role;
  }
}
