import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsSettings, awsClientConfig } from '../../cloud/aws';

/** The AWS clients the ECS provider uses (tests pass their own, or mocks). */
export interface EcsClients {
  ecs: ECSClient;
  secrets: SecretsManagerClient;
  ec2: EC2Client;
}

export function ecsClients(s: AwsSettings): EcsClients {
  // Retries of throttled calls are the provider's own (with the pod told why), so the SDK tries once more only.
  const config = { ...awsClientConfig(s), maxAttempts: 2 };
  return { ecs: new ECSClient(config), secrets: new SecretsManagerClient(config), ec2: new EC2Client(config) };
}

export function destroyClients(c: EcsClients): void {
  c.ecs.destroy();
  c.secrets.destroy();
  c.ec2.destroy();
}
