import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { serviceAccountTokensFromEnv } from '../../../shared/auth/authn/environment';
import { signingKeyFromSeed } from '../../../shared/auth/authn/signing-key';
import { secretSigningSeed } from '../../../shared/auth/authn/signing-seed';
import { awsClientConfig } from '../../support/aws';

/** The signing seed in Secrets Manager (the emulator's): read, or created once by racing cold starts. */
describe('service account signing seed in Secrets Manager', () => {
  const clients: SecretsManagerClient[] = [];
  const client = () => {
    const c = new SecretsManagerClient(awsClientConfig());
    clients.push(c);
    return c;
  };
  afterAll(() => clients.forEach((c) => c.destroy()));
  const name = () => `skiff-sa-signing-key/test-${randomUUID().slice(0, 8)}`;

  it('reads the seed the stack generated', async () => {
    const id = name();
    const seed = 'a'.repeat(20) + randomUUID();
    const created = await client().send(new CreateSecretCommand({ Name: id, SecretString: seed }));
    expect(await secretSigningSeed(client(), id)).toBe(seed);
    expect(await secretSigningSeed(client(), created.ARN ?? '')).toBe(seed);
  });

  it('five cold starts racing on an absent secret end with one secret and one key', async () => {
    const id = name();
    const seeds = await Promise.all([1, 2, 3, 4, 5].map(() => secretSigningSeed(client(), id)));
    expect(new Set(seeds).size).toBe(1);
    const stored = await client().send(new GetSecretValueCommand({ SecretId: id }));
    expect(stored.SecretString).toBe(seeds[0]);
    expect(seeds[0].length).toBeGreaterThanOrEqual(32);
    const listed = await client().send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [id] }] }));
    expect(listed.SecretList?.map((s) => s.Name)).toEqual([id]);
    expect(new Set(seeds.map((s) => signingKeyFromSeed(s).kid)).size).toBe(1);
  });

  it('a cold start that loses the create race reads the winner\'s seed', async () => {
    const mock = mockClient(SecretsManagerClient);
    try {
      mock
        .on(GetSecretValueCommand)
        .rejectsOnce(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }))
        .resolves({ SecretString: 'the-winners-seed-of-at-least-32-characters' });
      mock.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: 'the secret already exists', $metadata: {} }));
      expect(await secretSigningSeed(new SecretsManagerClient({ region: 'us-east-1' }), 'skiff-sa-signing-key/x')).toBe('the-winners-seed-of-at-least-32-characters');
      expect(mock.commandCalls(CreateSecretCommand)).toHaveLength(1);
      expect(mock.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    } finally {
      mock.restore();
    }
  });

  it('an empty secret, or a missing secret named by ARN (the stack\'s), is an error, never a new key', async () => {
    const id = name();
    await client().send(new CreateSecretCommand({ Name: id, SecretString: '  ' }));
    await expect(secretSigningSeed(client(), id)).rejects.toThrow(`secret ${id} holds no service account signing seed`);
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:skiff-sa-signing-key/gone-AbCdEf';
    await expect(secretSigningSeed(client(), arn)).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('two Lambda cold starts from the same environment sign with the same key', async () => {
    const env = { SKIFF_SA_SIGNING_SECRET: name(), AWS_ENDPOINT_URL: awsClientConfig().endpoint, AWS_REGION: 'us-east-1', SKIFF_API_AUDIENCES: 'sts.amazonaws.com, https://skiff.example' };
    const [a, b] = await Promise.all([serviceAccountTokensFromEnv(env), serviceAccountTokensFromEnv(env)]);
    expect(a?.key.kid).toBeDefined();
    expect(a?.key.kid).toBe(b?.key.kid);
    expect(a?.issuer).toBe('https://kubernetes.default.svc.cluster.local');
    expect(a?.audiences).toEqual(['sts.amazonaws.com', 'https://skiff.example']);
    expect(await serviceAccountTokensFromEnv({})).toBeUndefined();
  });
});
