import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../../storage/store';

/**
 * Where the service-account signing key's seed lives. Locally in the table (pk `c#auth`, sk
 * `sa-signing-seed`), created once by whichever process asks first (a conditional put, so two
 * racing processes end with the same seed); on AWS in a Secrets Manager secret the CDK stack
 * generates (SKIFF_SA_SIGNING_SECRET), which only the functions that sign or verify can read.
 */
const KEY = { pk: { S: 'c#auth' }, sk: { S: 'sa-signing-seed' } };

export async function tableSigningSeed(store: ObjectStore): Promise<string> {
  const read = async () => (await store.client.send(new GetItemCommand({ TableName: store.tableName, Key: KEY, ConsistentRead: true }))).Item?.seed?.S;
  const existing = await read();
  if (existing) return existing;
  try {
    const seed = randomBytes(48).toString('base64url');
    await store.client.send(new PutItemCommand({ TableName: store.tableName, Item: { ...KEY, seed: { S: seed } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return seed;
  } catch (err) {
    if (!(err instanceof ConditionalCheckFailedException)) throw err;
    const raced = await read();
    if (!raced) throw err;
    return raced;
  }
}

/**
 * The seed in a Secrets Manager secret, read at cold start. The stack creates the secret with a
 * generated value; where it does not exist yet (a deployment without the stack, the emulator) the
 * first reader creates it, and a cold start that loses that race (ResourceExistsException) reads
 * the winner's, so every instance ends with the one seed.
 */
export async function secretSigningSeed(client: Pick<SecretsManagerClient, 'send'>, secretId: string): Promise<string> {
  const read = async () => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const seed = out.SecretString?.trim();
    if (!seed) throw new Error(`secret ${secretId} holds no service account signing seed`);
    return seed;
  };
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) || secretId.startsWith('arn:')) throw err;
  }
  const seed = randomBytes(48).toString('base64url');
  try {
    await client.send(new CreateSecretCommand({ Name: secretId, SecretString: seed, Description: 'Skiff service account token signing seed' }));
    return seed;
  } catch (err) {
    if (!(err instanceof ResourceExistsException)) throw err;
    return read();
  }
}
