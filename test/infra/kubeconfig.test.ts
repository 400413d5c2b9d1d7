import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { defaultKubeconfigPath, stackOutputs, writeKubeconfigFromStack } from '../../infra/kubeconfig/from-stack';
import { Kubeconfig, mergeKubeconfig, stackEntries } from '../../infra/kubeconfig/merge';
import { awsClientConfig, resetAws } from '../support/aws';

const access = { name: 'Skiff', apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com', watchUrl: 'https://xyz.lambda-url.us-east-1.on.aws/', token: 't0k3n' };

describe('stackEntries', () => {
  it('gives the API Gateway context the stack name and the watch URL a second context, one admin user for both', () => {
    const e = stackEntries(access);

    expect(e.clusters).toEqual([
      { name: 'Skiff', cluster: { server: access.apiUrl } },
      { name: 'Skiff-watch', cluster: { server: 'https://xyz.lambda-url.us-east-1.on.aws' } },
    ]);
    expect(e.users).toEqual([{ name: 'Skiff-admin', user: { token: 't0k3n' } }]);
    expect(e.contexts.map((c) => [c.name, c.context.cluster, c.context.user])).toEqual([['Skiff', 'Skiff', 'Skiff-admin'], ['Skiff-watch', 'Skiff-watch', 'Skiff-admin']]);
  });
});

describe('mergeKubeconfig', () => {
  const other: Kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kind-dev', cluster: { server: 'https://127.0.0.1:6443' } }, { name: 'Skiff', cluster: { server: 'https://old' } }],
    users: [{ name: 'kind-dev', user: { token: 'x' } }],
    contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev' } }],
    'current-context': 'kind-dev',
    preferences: { colors: true },
  };

  it.each([
    ['switches to the stack\'s context', 'Skiff', 'Skiff'],
    ['keeps the current context when asked to', undefined, 'kind-dev'],
  ])('keeps other entries, replaces same-named ones and %s', (_what, switchTo, current) => {
    const merged = mergeKubeconfig(other, stackEntries(access), switchTo);

    expect(merged.clusters?.map((c) => [c.name, c.cluster.server])).toEqual([
      ['kind-dev', 'https://127.0.0.1:6443'], ['Skiff', access.apiUrl], ['Skiff-watch', 'https://xyz.lambda-url.us-east-1.on.aws'],
    ]);
    expect(merged.users?.map((u) => u.name)).toEqual(['kind-dev', 'Skiff-admin']);
    expect(merged.contexts?.map((c) => c.name)).toEqual(['kind-dev', 'Skiff', 'Skiff-watch']);
    expect(merged['current-context']).toBe(current);
    expect(merged.preferences).toEqual({ colors: true });
  });

  it('starts a new file when there is none', () => {
    expect(mergeKubeconfig(undefined, stackEntries(access), 'Skiff')).toMatchObject({ apiVersion: 'v1', kind: 'Config', 'current-context': 'Skiff' });
  });
});

describe('defaultKubeconfigPath', () => {
  it('takes the first path of KUBECONFIG, else ~/.kube/config', () => {
    expect(defaultKubeconfigPath({ KUBECONFIG: `/a/one${path.delimiter}/b/two` })).toBe('/a/one');
    expect(defaultKubeconfigPath({})).toBe(path.join(os.homedir(), '.kube', 'config'));
  });
});

describe('writeKubeconfigFromStack', () => {
  // DescribeStacks of a deployed stack, in the documented shape (the emulator cannot create the
  // API Gateway and Function URL the two endpoint outputs read); the secret is a real one on the emulator.
  const cfn = mockClient(CloudFormationClient);
  let secretArn: string;

  beforeAll(async () => {
    await resetAws();
    const sm = new SecretsManagerClient(awsClientConfig());
    secretArn = (await sm.send(new CreateSecretCommand({ Name: 'skiff-admin-token/Skiff', SecretString: 'generated-token' }))).ARN as string;
    sm.destroy();
  });

  afterAll(() => cfn.restore());

  it('merges the stack\'s endpoints and the token from Secrets Manager into an existing kubeconfig', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Skiff' }).resolves({
      Stacks: [{
        StackName: 'Skiff', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(),
        Outputs: [{ OutputKey: 'ApiUrl', OutputValue: access.apiUrl }, { OutputKey: 'WatchUrl', OutputValue: access.watchUrl }, { OutputKey: 'AdminTokenSecretArn', OutputValue: secretArn }],
      }],
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-kc-')), 'config');
    fs.writeFileSync(file, yaml.dump({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'other', cluster: { server: 'https://o' } }], contexts: [], users: [], 'current-context': 'other' }));

    const out = await writeKubeconfigFromStack({ stack: 'Skiff', file, client: awsClientConfig() });

    const written = yaml.load(fs.readFileSync(file, 'utf8')) as Kubeconfig;
    expect(out).toEqual({ file, context: 'Skiff' });
    expect(written.clusters?.map((c) => c.name)).toEqual(['other', 'Skiff', 'Skiff-watch']);
    expect(written.users).toEqual([{ name: 'Skiff-admin', user: { token: 'generated-token' } }]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads outputs by key', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Other' }).resolves({ Stacks: [] });

    await expect(stackOutputs(new CloudFormationClient(awsClientConfig()), 'Other')).rejects.toThrow('stack Other not found');
  });
});
