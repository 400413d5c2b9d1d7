import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import os from 'node:os';
import path from 'node:path';
import type { AwsClientConfig } from '../../shared/cloud/aws';
import { readKubeconfig, writeKubeconfigFile } from '../../shared/kubeconfig/file';
import { mergeKubeconfig, stackEntries } from './merge';

export interface FromStackOptions {
  stack: string;
  /** The kubeconfig to merge into. @default the first path of $KUBECONFIG, else ~/.kube/config */
  file?: string;
  /** Leave the current context as it is. @default false: switch to the stack's */
  keepContext?: boolean;
  client: AwsClientConfig;
}

export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const first = env.KUBECONFIG?.split(path.delimiter).find(Boolean);
  return first ?? path.join(os.homedir(), '.kube', 'config');
}

/** The stack's outputs by key (DescribeStacks). */
export async function stackOutputs(cfn: Pick<CloudFormationClient, 'send'>, stack: string): Promise<Record<string, string>> {
  const out = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
  const found = out.Stacks?.[0];
  if (!found) throw new Error(`stack ${stack} not found`);
  return Object.fromEntries((found.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}

/**
 * Reads the stack's endpoints and admin token and merges a cluster, user and two contexts into the
 * kubeconfig, keeping every other entry. Returns the file and the context it switched to.
 */
export async function writeKubeconfigFromStack(o: FromStackOptions): Promise<{ file: string; context: string }> {
  const cfn = new CloudFormationClient(o.client);
  const sm = new SecretsManagerClient(o.client);
  try {
    const outputs = await stackOutputs(cfn, o.stack);
    for (const key of ['ApiUrl', 'AdminTokenSecretArn']) {
      if (!outputs[key]) throw new Error(`stack ${o.stack} has no ${key} output: is it a Skiff stack, and fully deployed?`);
    }
    const secret = await sm.send(new GetSecretValueCommand({ SecretId: outputs.AdminTokenSecretArn }));
    const token = secret.SecretString?.trim();
    if (!token) throw new Error(`secret ${outputs.AdminTokenSecretArn} holds no token`);
    const file = o.file ?? defaultKubeconfigPath();
    const entries = stackEntries({ name: o.stack, apiUrl: outputs.ApiUrl, watchUrl: outputs.WatchUrl, token });
    const merged = mergeKubeconfig(readKubeconfig(file), entries, o.keepContext ? undefined : o.stack);
    // It now holds a bearer token: written private even if the file existed with looser permissions.
    writeKubeconfigFile(file, merged);
    return { file, context: merged['current-context'] ?? o.stack };
  } finally {
    cfn.destroy();
    sm.destroy();
  }
}
