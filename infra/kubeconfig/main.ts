import { parseArgs } from 'node:util';
import { awsClientConfig } from '../../shared/cloud/aws';
import { writeKubeconfigFromStack } from './from-stack';

const USAGE = `npm run kubeconfig -- --stack NAME [--kubeconfig PATH] [--region R] [--endpoint URL] [--keep-context]

Merges the deployed Skiff stack's cluster into a kubeconfig (default: $KUBECONFIG's first path, else
~/.kube/config): context NAME (API Gateway, every request) and NAME-watch (the streaming watch URL),
one admin user whose token is read from Secrets Manager. Other contexts are kept.`;

/** `npm run kubeconfig -- --stack Skiff`: a kubeconfig from the stack's outputs and admin token secret. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: 'string', default: 'Skiff' },
      kubeconfig: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'keep-context': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const { file, context } = await writeKubeconfigFromStack({
    stack: values.stack as string,
    file: values.kubeconfig,
    keepContext: values['keep-context'],
    client: awsClientConfig({ region, endpoint: values.endpoint ?? process.env.AWS_ENDPOINT_URL }),
  });
  console.log(`Wrote ${file} (current context: ${context}; long watches: --context ${values.stack}-watch)\nNext: kubectl get nodes`);
}

main().catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
