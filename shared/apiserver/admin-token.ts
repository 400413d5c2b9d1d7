import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { hashToken } from './auth';

/**
 * The admin token's digest from Secrets Manager, where the CDK stack generated the token at deploy
 * (SKIFF_ADMIN_TOKEN_SECRET, a secret ARN). Read once per container; only the digest is kept.
 */
export async function adminTokenHashFromSecret(client: Pick<SecretsManagerClient, 'send'>, secretId: string): Promise<string> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const token = out.SecretString?.trim();
  if (!token) throw new Error(`secret ${secretId} holds no admin token`);
  return hashToken(token);
}
