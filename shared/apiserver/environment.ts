import { awsSettingsFromEnv } from '../cloud/aws';
import { CloudWatchLogSource } from '../nodes/logs/cloudwatch';
import { dynamoClient } from '../storage/client';
import { ObjectStore } from '../storage/store';
import { ApiContext } from './context';
import { storedTokenHash } from './tokens';

let cached: Promise<ApiContext> | undefined;

/**
 * The Lambda's context, built once per container from its environment: SKIFF_TABLE,
 * SKIFF_ADMIN_TOKEN_HASH (plus the digest stored in the table), AWS_ENDPOINT_URL for LocalStack,
 * SKIFF_ECS_CLUSTER / SKIFF_LOG_GROUP for where pods' logs are (see awsSettingsFromEnv).
 */
export function apiContextFromEnv(): Promise<ApiContext> {
  cached ??= (async () => {
    const table = process.env.SKIFF_TABLE;
    if (!table) throw new Error('SKIFF_TABLE is not set');
    const store = new ObjectStore({ client: dynamoClient(process.env.AWS_ENDPOINT_URL), table });
    const hashes = [process.env.SKIFF_ADMIN_TOKEN_HASH, await storedTokenHash(store)].filter((h): h is string => !!h);
    // API Gateway ends responses at 30 s and the function at 29 s: watch windows close well before.
    // Pods run as ECS tasks on AWS: their logs are in the cluster's CloudWatch log group.
    const logs = { ecs: new CloudWatchLogSource(awsSettingsFromEnv()) };
    return { store, config: { tokenHashes: hashes, maxWatchSeconds: 25, watchPollMs: 1000, logRequests: true }, logs };
  })();
  return cached;
}
