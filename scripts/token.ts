import { parseArgs } from 'node:util';
import { STSClient } from '@aws-sdk/client-sts';
import { eksToken } from '../shared/auth/authn/aws-token';

/**
 * A kubeconfig `exec` credential plugin for IAM sign-in, compatible with `aws eks get-token`:
 * prints an ExecCredential (client.authentication.k8s.io/v1beta1) whose token is a presigned STS
 * GetCallerIdentity request for the cluster. Credentials from the SDK's default chain (env,
 * profile, SSO, instance role); --endpoint (or AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL) for an emulator.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'cluster-name': { type: 'string', default: 'skiff' }, region: { type: 'string' }, endpoint: { type: 'string' } } });
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = values.endpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL;
  // The STS client resolves the SDK's default credential chain; nothing is sent with it.
  const sts = new STSClient({ region });
  const credentials = await sts.config.credentials();
  sts.destroy();
  const { token, expirationTimestamp } = await eksToken({ clusterId: values['cluster-name'] ?? 'skiff', region, credentials, endpoint });
  process.stdout.write(`${JSON.stringify({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: {}, status: { expirationTimestamp, token } })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
