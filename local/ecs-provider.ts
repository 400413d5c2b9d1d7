import type { AwsSettings } from '../shared/cloud/aws';
import { destroyClients, EcsClients, ecsClients } from '../shared/nodes/ecs/clients';
import { ecsProviderConsumer } from '../shared/nodes/ecs/consumer';
import { EcsNodes, EcsNodesOptions } from '../shared/nodes/ecs/provider';
import { EcsTaskDirectory } from '../shared/nodes/ecs/task-identity';
import type { RestContext } from '../shared/registry/context';
import type { StreamConsumer } from '../shared/runtime/consumer';
import { prepareEcs } from './ecs-aws';
import { LocalTaskEvents } from './ecs-task-events';

export interface EcsProvider {
  nodes: EcsNodes;
  settings: AwsSettings;
  consumer: StreamConsumer;
  events: LocalTaskEvents;
  /** The cluster's tasks as ECS describes them, for the pod token endpoint (on the provider's own ECS client). */
  tasks: EcsTaskDirectory;
  stop(): Promise<void>;
}

/**
 * The runner's AWS mode (`--provider ecs`): the ECS provider against the emulator, LocalStack or an
 * account, with task state change events synthesized from DescribeTasks and fed through the
 * Lambda's own handler (see LocalTaskEvents).
 */
export async function startEcsProvider(base: AwsSettings, ctx: RestContext, onClients?: (c: EcsClients) => void, tokens: Pick<EcsNodesOptions, 'defaultTaskRoleArn' | 'podToken'> = {}): Promise<EcsProvider> {
  const clients = ecsClients(base);
  onClients?.(clients);
  try {
    const { settings, defaultedNetwork } = await prepareEcs(base, clients);
    const nodes = new EcsNodes({
      ctx,
      clients,
      settings,
      assignPublicIp: defaultedNetwork,
      executionRoleArn: process.env.SKIFF_TASK_EXECUTION_ROLE_ARN,
      resyncSeconds: 30,
      ...tokens,
    });
    await nodes.start();
    const events = new LocalTaskEvents(clients.ecs, settings.cluster, nodes);
    events.start();
    return {
      nodes,
      settings,
      consumer: ecsProviderConsumer(nodes),
      events,
      tasks: new EcsTaskDirectory(clients.ecs, settings.cluster),
      stop: async () => {
        await events.stop();
        await nodes.stop();
        destroyClients(clients);
      },
    };
  } catch (err) {
    destroyClients(clients);
    throw err;
  }
}
