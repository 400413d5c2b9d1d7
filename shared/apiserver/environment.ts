import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EcsTaskDirectory } from '../nodes/ecs/task-identity';
import { awsClientConfig, awsSettingsFromEnv } from '../cloud/aws';
import { CloudWatchLogSource } from '../nodes/logs/cloudwatch';
import { dynamoClient } from '../storage/client';
import { ObjectStore } from '../storage/store';
import { adminTokenHashFromSecret } from './admin-token';
import { ApiContext } from './context';
import { storedTokenHash } from './tokens';
import { bootstrapOnce } from '../bootstrap/once';
import { awsUsageSources } from '../metrics/cloudwatch';
import type { MetricsContext } from '../metrics/objects';
import { iamAuthFromEnv, serviceAccountTokensFromEnv } from '../auth/authn/environment';

let cached: Promise<ApiContext> | undefined;

/**
 * The Lambda's context, built once per container from its environment: SKIFF_TABLE, the admin
 * token from SKIFF_ADMIN_TOKEN_SECRET (Secrets Manager, generated at deploy) or its digest in
 * SKIFF_ADMIN_TOKEN_HASH, plus the digest stored in the table (the local runner's), and
 * AWS_ENDPOINT_URL for an emulator or LocalStack,
 * SKIFF_ECS_CLUSTER / SKIFF_LOG_GROUP for where pods' logs are (see awsSettingsFromEnv), the
 * service-account signing seed's secret (SKIFF_SA_SIGNING_SECRET, see serviceAccountTokensFromEnv)
 * and IAM sign-in's cluster name and STS (iamAuthFromEnv).
 */
export function apiContextFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ApiContext> {
  cached ??= (async () => {
    const table = env.SKIFF_TABLE;
    if (!table) throw new Error('SKIFF_TABLE is not set');
    const store = new ObjectStore({ client: dynamoClient(env.AWS_ENDPOINT_URL), table });
    // What kube-apiserver's bootstrap hooks do at start (namespaces, the kubernetes Service, RBAC
    // policy, the default IngressClass): one read per cold start once this version's bootstrap ran.
    // With the stack's EFS file system, claims default to it (SKIFF_EFS_FILE_SYSTEM_ID).
    await bootstrapOnce({ store, fieldManager: 'kube-apiserver' }, 443, { efsFileSystemId: env.SKIFF_EFS_FILE_SYSTEM_ID });
    const fromSecret = env.SKIFF_ADMIN_TOKEN_SECRET
      ? await adminTokenHashFromSecret(new SecretsManagerClient(awsClientConfig(awsSettingsFromEnv(env))), env.SKIFF_ADMIN_TOKEN_SECRET)
      : undefined;
    const hashes = [fromSecret, env.SKIFF_ADMIN_TOKEN_HASH, await storedTokenHash(store)].filter((h): h is string => !!h);
    // API Gateway ends responses at 30 s and the function at 29 s: watch windows close well before.
    // Pods run as ECS tasks on AWS: their logs are in the cluster's CloudWatch log group.
    const logs = { ecs: new CloudWatchLogSource(awsSettingsFromEnv(env)) };
    const serviceAccountTokens = await serviceAccountTokensFromEnv(env);
    // The pod token endpoint asks ECS which pod a caller's task runs.
    const podTasks = env.SKIFF_ECS_CLUSTER ? new EcsTaskDirectory(new ECSClient(awsClientConfig(awsSettingsFromEnv(env))), env.SKIFF_ECS_CLUSTER) : undefined;
    // metrics.k8s.io for ECS pods: Container Insights (kept for its window in this container).
    const ctx: ApiContext & MetricsContext = { store, config: { tokenHashes: hashes, maxWatchSeconds: 25, watchPollMs: 1000, logRequests: true, anonymousAuth: env.SKIFF_ANONYMOUS_AUTH !== 'false', iam: iamAuthFromEnv(env), podTasks }, serviceAccountTokens, logs, usageSources: awsUsageSources(awsSettingsFromEnv(env)) };
    return ctx;
  })();
  return cached;
}

/** Forgets the cached context (tests build several from different environments). */
export function resetApiContext(): void {
  cached = undefined;
}
