import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { AwsSettings, awsClientConfig } from '../cloud/aws';

/** What the cloud-controller-manager's controllers reach AWS with: the settings and one client per service. */
export interface CloudContext {
  settings: AwsSettings;
  ec2: EC2Client;
  ecs: ECSClient;
  serviceDiscovery: ServiceDiscoveryClient;
  now?: () => Date;
}

/** Clients for the settings; Cloud Map's needs `disableHostPrefix` (its data-plane calls prefix the host otherwise). */
export function cloudContext(settings: AwsSettings): CloudContext {
  const config = awsClientConfig(settings);
  return {
    settings,
    ec2: new EC2Client(config),
    ecs: new ECSClient(config),
    serviceDiscovery: new ServiceDiscoveryClient({ ...config, disableHostPrefix: true }),
  };
}

/** The error name an SDK call failed with (`ThrottlingException`, `InvalidInstanceID.NotFound`...). */
export const awsErrorName = (err: unknown): string => (err instanceof Error ? err.name : 'Error');

/** An AWS error as an event message names it: `ThrottlingException: Rate exceeded`. */
export const awsErrorMessage = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Backoff for a key whose AWS calls keep failing: 5 s doubling to 5 min, as upstream's workqueue rate limiter caps. */
export class FailureBackoff {
  private failures = new Map<string, number>();
  constructor(private readonly initialSeconds = 5, private readonly maxSeconds = 300) {}

  failed(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    return Math.min(this.initialSeconds * 2 ** (n - 1), this.maxSeconds);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}

/** An AWS call that failed, told apart from the store's errors (DynamoDB's SDK errors look alike). */
export class CloudError extends Error {
  constructor(readonly operation: string, override readonly cause: unknown) {
    super(`${operation}: ${awsErrorMessage(cause)}`);
    this.name = 'CloudError';
  }
}

/** Runs one AWS call, marking its failure as a CloudError. */
export async function aws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new CloudError(operation, err);
  }
}
