import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig, awsSettingsFromEnv } from '../../cloud/aws';
import type { IamAuthConfig } from './aws-iam';
import { DEFAULT_ISSUER, ServiceAccountTokenConfig } from './config';
import { signingKeyFromSeed } from './signing-key';
import { secretSigningSeed } from './signing-seed';

const list = (v: string | undefined): string[] => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/**
 * A Lambda's service-account token settings, read once per cold start: the signing seed from the
 * Secrets Manager secret SKIFF_SA_SIGNING_SECRET (created there by the first cold start if absent),
 * SKIFF_SA_ISSUER (default upstream's) and SKIFF_API_AUDIENCES (comma-separated; default the
 * issuer). Undefined when no secret is configured: such a function neither signs nor accepts
 * service account tokens.
 */
export async function serviceAccountTokensFromEnv(env: NodeJS.ProcessEnv = process.env, client?: Pick<SecretsManagerClient, 'send'>): Promise<ServiceAccountTokenConfig | undefined> {
  const secretId = env.SKIFF_SA_SIGNING_SECRET;
  if (!secretId) return undefined;
  const seed = await secretSigningSeed(client ?? new SecretsManagerClient(awsClientConfig(awsSettingsFromEnv(env))), secretId);
  const issuer = env.SKIFF_SA_ISSUER || DEFAULT_ISSUER;
  const audiences = list(env.SKIFF_API_AUDIENCES);
  return { issuer, audiences: audiences.length ? audiences : [issuer], key: signingKeyFromSeed(seed) };
}

/**
 * IAM sign-in on AWS: tokens must be signed for the ECS cluster's name (SKIFF_ECS_CLUSTER) and are
 * sent to AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL (an emulator), else AWS's own STS.
 */
export function iamAuthFromEnv(env: NodeJS.ProcessEnv = process.env): IamAuthConfig | undefined {
  const clusterId = env.SKIFF_ECS_CLUSTER;
  if (!clusterId) return undefined;
  return { clusterId, endpoint: env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined };
}
