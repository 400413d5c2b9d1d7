import { ECSClient, RunTaskCommand, RunTaskCommandInput, StartTaskCommand, Task } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import type { RestContext } from '../../registry/context';
import type { EcsNodeSpec } from './capacity';
import { ConfigError } from './inputs';
import { TAG_ATTEMPT, TAG_CLUSTER, TAG_POD, TAG_POD_UID } from './names';
import { computeTypeOf } from './node-objects';
import { MappingSettings, resolveInputs } from './resolve-inputs';
import { failureMessage } from './run-errors';
import type { SecretsMirror } from './secrets-mirror';
import { mapPod } from './task-definition';
import type { TaskDefinitions } from './task-definitions';

export interface StartDeps {
  ctx: RestContext;
  ecs: ECSClient;
  cluster: string;
  settings: MappingSettings;
  mirror: SecretsMirror;
  definitions: TaskDefinitions;
  securityGroups: string[];
  assignPublicIp: boolean;
}

/** The outcome of one start: the task, a config problem (retry when it changes), or ECS's failures. */
export type StartResult = { task: Task; unknownFields: string[] } | { config: ConfigError } | { failed: string };

/**
 * Starts one task for a pod on its node: Fargate with RunTask (clientToken from the pod's uid and
 * attempt, so a retried call is one task), an EC2 node with StartTask on its container instance
 * (the scheduler's choice stands). Tags and startedBy name the pod, so it is found again.
 */
export async function startTask(d: StartDeps, pod: Pod, node: EcsNodeSpec, attempt: number): Promise<StartResult> {
  const compute = computeTypeOf(String(node.node.metadata?.name));
  let mapped;
  try {
    mapped = mapPod(pod, await resolveInputs(d.ctx, pod, compute, d.settings, d.mirror));
  } catch (err) {
    if (err instanceof ConfigError) return { config: err };
    throw err;
  }
  const taskDefinition = await d.definitions.arnOf(mapped);
  const meta = pod.metadata ?? {};
  const uid = String(meta.uid);
  const common = {
    cluster: d.cluster,
    taskDefinition,
    startedBy: uid.slice(0, 36),
    overrides: mapped.overrides,
    enableECSManagedTags: true,
    tags: [
      { key: TAG_POD, value: `${meta.namespace}/${meta.name}` },
      { key: TAG_POD_UID, value: uid },
      { key: TAG_ATTEMPT, value: String(attempt) },
      { key: TAG_CLUSTER, value: d.cluster },
    ],
    networkConfiguration: {
      awsvpcConfiguration: { subnets: node.subnets, securityGroups: d.securityGroups, assignPublicIp: compute === 'fargate' && d.assignPublicIp ? ('ENABLED' as const) : ('DISABLED' as const) },
    },
  } satisfies Partial<RunTaskCommandInput>;
  const out =
    compute === 'fargate'
      ? await d.ecs.send(new RunTaskCommand({ ...common, launchType: 'FARGATE', count: 1, clientToken: `${uid}-${attempt}` }))
      : await d.ecs.send(new StartTaskCommand({ ...common, containerInstances: [String(node.containerInstanceArn)] }));
  const task = out.tasks?.[0];
  if (!task) return { failed: failureMessage(out.failures ?? []) || 'ECS started no task' };
  return { task, unknownFields: mapped.unknownFields };
}
