import type { ECSClient } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import type { RestContext } from '../../registry/context';
import type { StartRequest } from './batches';
import type { EcsNodeSpec } from './capacity';
import { ConfigError } from './inputs';
import { computeTypeOf } from './node-objects';
import { MappingSettings, resolveInputs } from './resolve-inputs';
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
}

/** A pod made ready to start (its task definition registered), or the config problem that stops it (retried when it changes). */
export type Prepared = { request: StartRequest; unknownFields: string[] } | { config: ConfigError };

/**
 * Everything a start needs before the call: the inputs read, the pod mapped, its task definition
 * found or registered. The call itself is the StartBatcher's (one call for up to 10 such pods).
 */
export async function prepareStart(d: StartDeps, pod: Pod, node: EcsNodeSpec, attempt: number): Promise<Prepared> {
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
  const request: StartRequest = {
    uid: String(meta.uid),
    pod: `${meta.namespace}/${meta.name}`,
    attempt,
    compute,
    taskDefinition,
    overrides: mapped.overrides,
    subnets: node.subnets,
    ...(compute === 'ec2' ? { containerInstanceArn: String(node.containerInstanceArn) } : {}),
  };
  return { request, unknownFields: mapped.unknownFields };
}
