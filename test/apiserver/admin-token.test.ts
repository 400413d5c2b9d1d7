import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { adminTokenHashFromSecret } from '../../shared/apiserver/admin-token';
import { hashToken } from '../../shared/apiserver/auth';
import { awsClientConfig, resetAws } from '../support/aws';

describe('adminTokenHashFromSecret', () => {
  const sm = new SecretsManagerClient(awsClientConfig());
  beforeAll(() => resetAws());
  afterAll(() => sm.destroy());

  it('reads the generated token from Secrets Manager and keeps only its digest', async () => {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'skiff/t/admin-token', SecretString: 'abc123\n' }));

    expect(await adminTokenHashFromSecret(sm, ARN as string)).toBe(hashToken('abc123'));
  });

  it('refuses an empty secret rather than accept no token', async () => {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: 'skiff/t/empty', SecretString: ' ' }));

    await expect(adminTokenHashFromSecret(sm, ARN as string)).rejects.toThrow(/holds no admin token/);
  });
});
