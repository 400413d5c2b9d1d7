import { App } from 'aws-cdk-lib';
import { SkiffStack } from './skiff-stack';

const app = new App();
// One stack per cluster: `-c skiff:cluster=feature-x` deploys a separate cluster next to the default.
const cluster: string | undefined = app.node.tryGetContext('skiff:cluster');
new SkiffStack(app, cluster ? `Skiff-${cluster}` : 'Skiff', {
  description: 'Skiff: a serverless Kubernetes control plane',
  // Account and region come from the CLI profile at deploy time; synth stays environment-agnostic.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
