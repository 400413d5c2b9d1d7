import middy from '@middy/core';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CONTROLLERS, controllerManager } from '../../shared/controllers/manager';
import { nodeLifecycleController } from '../../shared/controllers/nodelifecycle';
import { ConsumerEvent } from '../../shared/runtime/consumer';
import { consumerEnvironment } from '../../shared/runtime/environment';
import { forwardTargetsFromEnv, withForwarding } from '../../shared/runtime/forward';
import { lambdaTelemetry } from '../../shared/telemetry/lambda';
import { serviceAccountTokensFromEnv } from '../../shared/auth/authn/environment';
import { awsSettingsFromEnv } from '../../shared/cloud/aws';
import { efsProvisioner } from '../../shared/controllers/volume/efs-provisioner';
import { awsUsageSources } from '../../shared/metrics/cloudwatch';

const telemetry = lambdaTelemetry('kube-controller-manager');
const { ctx, requeuer } = consumerEnvironment('kube-controller-manager');
// The token controller signs legacy token Secrets with the cluster's key, read once per cold start.
const signing = serviceAccountTokensFromEnv().then((config) => {
  ctx.serviceAccountTokens = config;
});
// EFS access points for efs.csi.aws.com claims; Container Insights usage of ECS pods for the HPA.
Object.assign(ctx, { volumeProvisioners: [efsProvisioner(awsSettingsFromEnv())], usageSources: awsUsageSources(awsSettingsFromEnv()) });
const consumer = controllerManager(ctx, requeuer, [...CONTROLLERS, nodeLifecycleController()]);
// On AWS the controller-manager also hands the stream records of consumers that do not read the
// stream (the ECS provider, the cloud-controller-manager) to their queues; see docs/runtime.md.
const handle = withForwarding((event) => consumer.handler(event), new SQSClient({}), forwardTargetsFromEnv());

/** kube-controller-manager: the object table's stream, its requeue queue and its resync schedule. */
export const handler = middy(async (event: ConsumerEvent) => {
  await signing;
  return handle(event);
}).use(telemetry.middlewares);
