import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand, ListStackResourcesCommand, StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App } from 'aws-cdk-lib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SkiffStack } from '../../infra/skiff-stack';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { eventually } from '../support/eventually';
import { bootstrapEmulator, EMULATOR_UNSUPPORTED_TYPES, inlineFunctionCode, outputsForEmulator, patchForEmulator, Template } from './emulator';
import { writeKubeconfigFromStack } from '../../infra/kubeconfig/from-stack';

const REGION = 'us-east-1';

/**
 * The stack as `npm run synth` writes it: environment-agnostic (zones from Fn::GetAZs at deploy),
 * bundling skipped (the emulator runs no function code).
 */
function synthesize(): { template: Template; assembly: string } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new SkiffStack(app, 'Skiff');
  const assembly = app.synth();
  return { template: assembly.getStackByName(stack.stackName).template as Template, assembly: assembly.directory };
}

describe('the synthesized stack on the AWS emulator\'s CloudFormation', () => {
  const cfn = new CloudFormationClient(awsClientConfig());
  let template: Template;
  let resources: StackResourceSummary[];
  let skipped: ReturnType<typeof outputsForEmulator>['dropped'];
  let inlined: string[];
  let patches: string[];

  beforeAll(async () => {
    await resetAws();
    const synth = synthesize();
    template = synth.template;
    await bootstrapEmulator(awsEndpoint(), REGION);
    const code = inlineFunctionCode(template);
    inlined = code.inlined;
    const patched = patchForEmulator(code.template);
    patches = patched.patches;
    const forEmulator = outputsForEmulator(patched.template);
    skipped = forEmulator.dropped;
    // A slow emulator can answer after the SDK has retried; the retry then finds the stack the first call made (resetAws cleared any other).
    await cfn.send(new CreateStackCommand({ StackName: 'Skiff', TemplateBody: JSON.stringify(forEmulator.template), Capabilities: ['CAPABILITY_IAM'] }))
      .catch((err: Error) => { if (err.name !== 'AlreadyExistsException') throw err; });
    await eventually(async () => {
      const out = await cfn.send(new DescribeStacksCommand({ StackName: 'Skiff' }));
      const status = out.Stacks?.[0].StackStatus;
      if (status !== 'CREATE_COMPLETE') throw new Error(`stack ${status}: ${out.Stacks?.[0].StackStatusReason ?? ''}`);
      return true;
    }, 120_000, 500);
    resources = [];
    let next: string | undefined;
    do {
      const page = await cfn.send(new ListStackResourcesCommand({ StackName: 'Skiff', NextToken: next }));
      resources.push(...(page.StackResourceSummaries ?? []));
      next = page.NextToken;
    } while (next);
  }, 300_000);

  afterAll(() => cfn.destroy());

  const physicalIds = (type: string) => resources.filter((r) => r.ResourceType === type).map((r) => r.PhysicalResourceId as string);

  it('drops only the outputs that point at resource types the emulator does not model, and says which', () => {
    // Printed so the run's log lists what the emulator skipped.
    const present = new Set(Object.values(template.Resources).map((r) => r.Type));
    console.log([
      `emulator skipped resource types (marked created, not modelled): ${[...EMULATOR_UNSUPPORTED_TYPES].filter((t) => present.has(t)).join(', ')}`,
      `dropped outputs: ${skipped.map((d) => `${d.output} (${d.type})`).join(', ')}`,
      `function code inlined (the emulator serves no S3 for assets): ${inlined.length} functions`,
      `patched for the emulator: ${patches.join('; ')}`,
    ].join('\n'));
    expect(inlined).toHaveLength(6);

    expect(skipped).toEqual([
      { output: 'ApiUrl', type: 'AWS::ApiGatewayV2::Api' },
      { output: 'WatchUrl', type: 'AWS::Lambda::Url' },
      { output: 'AdminTokenSecretArn', type: 'AWS::SecretsManager::Secret' },
    ]);
  });

  it('creates the object table with its stream', async () => {
    const [table] = physicalIds('AWS::DynamoDB::Table');
    const ddb = new DynamoDBClient(awsClientConfig());
    const out = await ddb.send(new DescribeTableCommand({ TableName: table }));
    ddb.destroy();

    expect(out.Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('creates the ECS cluster by its name', async () => {
    const ecs = new ECSClient(awsClientConfig());
    const out = await ecs.send(new DescribeClustersCommand({ clusters: ['Skiff'] }));
    ecs.destroy();

    expect(out.clusters?.map((c) => c.clusterName)).toEqual(['Skiff']);
  });

  it('creates every queue, each consumer queue with its dead-letter queue', async () => {
    const sqs = new SQSClient(awsClientConfig());
    const queues = physicalIds('AWS::SQS::Queue');
    const attributes = await Promise.all(queues.map((q) => sqs.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ['All'] }))));
    sqs.destroy();

    expect(queues).toHaveLength(Object.values(template.Resources).filter((r) => r.Type === 'AWS::SQS::Queue').length);
    expect(attributes.filter((a) => a.Attributes?.RedrivePolicy)).toHaveLength(5);
  });

  it('leaves the generated admin token to Secrets Manager (unmodelled here), and npm run kubeconfig refuses a stack without its ApiUrl output', async () => {
    // Not created here: its generation is asserted on the template (runtime.test.ts), its reading in admin-token.test.ts.
    expect(resources.find((r) => r.ResourceType === 'AWS::SecretsManager::Secret')).toBeUndefined();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-kubeconfig-')), 'config');

    await expect(writeKubeconfigFromStack({ stack: 'Skiff', file, client: awsClientConfig() })).rejects.toThrow(/ApiUrl/);
  });

  it('creates the functions and wires their event source mappings and the event rule', async () => {
    expect(physicalIds('AWS::Lambda::Function')).toHaveLength(6);
    expect(physicalIds('AWS::Lambda::EventSourceMapping')).toHaveLength(7);
    expect(physicalIds('AWS::Events::Rule')).toHaveLength(1);
    expect(physicalIds('AWS::IAM::Role').length).toBeGreaterThanOrEqual(8);
  });
});
