import { ClientException, DescribeTaskDefinitionCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DIGEST_LABEL } from './names';
import type { MappedTask } from './task-definition';

/**
 * Registered task definitions by content digest: pods of one template share one revision. A digest
 * not seen yet is looked up as the family's latest revision (its first container's digest label)
 * before a new revision is registered.
 */
export class TaskDefinitions {
  private readonly byDigest = new Map<string, Promise<string>>();

  constructor(private readonly ecs: ECSClient) {}

  /** The ARN of a revision holding `mapped`, registering one if none does. */
  arnOf(mapped: MappedTask): Promise<string> {
    let arn = this.byDigest.get(mapped.digest);
    if (!arn) {
      arn = this.resolve(mapped);
      this.byDigest.set(mapped.digest, arn);
      arn.catch(() => this.byDigest.delete(mapped.digest));
    }
    return arn;
  }

  private async resolve(mapped: MappedTask): Promise<string> {
    try {
      const latest = await this.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: mapped.input.family }));
      const def = latest.taskDefinition;
      if (def?.status === 'ACTIVE' && def.containerDefinitions?.[0]?.dockerLabels?.[DIGEST_LABEL] === mapped.digest && def.taskDefinitionArn) return def.taskDefinitionArn;
    } catch (err) {
      if (!(err instanceof ClientException)) throw err;
    }
    const out = await this.ecs.send(new RegisterTaskDefinitionCommand(mapped.input));
    return String(out.taskDefinition?.taskDefinitionArn);
  }
}
