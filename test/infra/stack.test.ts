import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import fs from 'node:fs';
import path from 'node:path';
import { RESYNC_EVENT, StreamConsumer, uniquePatterns } from '../../infra/constructs/stream-consumer';
import { SkiffStack, SkiffStackProps } from '../../infra/skiff-stack';
import { filterCriteria } from '../../shared/runtime/filters';
import { CONSUMER_SOURCES, ConsumerSource, readsStream } from '../../shared/runtime/sources';

/** Stacks synthesized only for their template skip esbuild; one bundled stack is enough. */
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synthStack(props: SkiffStackProps = {}): SkiffStack {
  return new SkiffStack(new App({ context: SKIP_BUNDLING }), 'Skiff', props);
}

/** Logical ID of the object table, found by its key schema rather than by name. */
function tableId(template: Template): string {
  const tables = template.findResources('AWS::DynamoDB::Table', {
    Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]) },
  });
  expect(Object.keys(tables)).toHaveLength(1);
  return Object.keys(tables)[0];
}

/** The admin token's secret, generated at deploy. */
function adminSecretId(template: Template): string {
  const secrets = template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'skiff-admin-token/Skiff' } });
  expect(Object.keys(secrets)).toHaveLength(1);
  return Object.keys(secrets)[0];
}

/** A resource of the synthesized template, as `findResources` returns it. */
type Resource = ReturnType<Template['findResources']>[string];

interface FunctionIds {
  functionId: string;
  roleId: string;
}

/** The one function configured as an API server (table and admin token) and timed out after `timeout`. */
export function apiFunction(template: Template, timeout: number): FunctionIds {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: {
      Timeout: timeout,
      Environment: { Variables: { SKIFF_TABLE: Match.anyValue(), SKIFF_ADMIN_TOKEN_SECRET: Match.anyValue() } },
    },
  });
  expect(Object.keys(functions)).toHaveLength(1);
  const [[functionId, fn]] = Object.entries(functions);
  return { functionId, roleId: fn.Properties.Role['Fn::GetAtt'][0] };
}

/** The API server behind API Gateway, which ends every response within 29 s. */
const apiServer = (template: Template): FunctionIds => apiFunction(template, 29);
/** The API server behind the Function URL, which streams watches for up to 15 minutes. */
const streamServer = (template: Template): FunctionIds => apiFunction(template, 900);

/** The actions a role is allowed on the object table. */
function tableActions(template: Template, roleId: string): string[] {
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  const tableArn = { 'Fn::GetAtt': [tableId(template), 'Arn'] };
  return Object.values(policies)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .filter((statement) => statement.Effect === 'Allow' && JSON.stringify(statement.Resource).includes(JSON.stringify(tableArn)))
    .flatMap((statement) => statement.Action);
}

const READ_WRITE = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

const tableStreamArn = (template: Template) => ({ 'Fn::GetAtt': [tableId(template), 'StreamArn'] });

/**
 * The Filters of a consumer's stream mapping: `filterCriteria(source.filters)` as CloudFormation
 * spells it, each pattern once (controllers sharing a consumer may declare the same one).
 */
const cfnFilters = (source: ConsumerSource) =>
  [...new Set(filterCriteria(source.filters).map((filter) => filter.pattern))].map((pattern) => ({ Pattern: pattern }));

/** A consumer's function, found through the stream mapping that carries its filters. */
function consumer(template: Template, source: ConsumerSource): FunctionIds & { mapping: Resource } {
  const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
    Properties: { EventSourceArn: tableStreamArn(template), FilterCriteria: { Filters: cfnFilters(source) } },
  });
  expect(Object.keys(mappings)).toHaveLength(1);
  const [mapping] = Object.values(mappings);
  const functionId: string = mapping.Properties.FunctionName.Ref;
  const fn = template.findResources('AWS::Lambda::Function')[functionId];
  return { functionId, roleId: fn.Properties.Role['Fn::GetAtt'][0], mapping };
}

describe('SkiffStack', () => {
  let app: App;
  let template: Template;

  beforeAll(() => {
    // The one stack that is bundled, so the bundles themselves can be inspected.
    app = new App();
    template = Template.fromStack(new SkiffStack(app, 'Skiff'));
  });

  it('stores objects in an on-demand table keyed by pk and sk', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', Match.objectLike({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    }));
  });

  it('streams old and new images, expires items on exp and keeps point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', Match.objectLike({
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'exp', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }));
  });

  it('retains the table when the stack is deleted', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('runs the API server on nodejs22.x and arm64 with the table name and the admin token secret', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      Environment: {
        Variables: Match.objectLike({
          SKIFF_TABLE: { Ref: tableId(template) },
          SKIFF_ADMIN_TOKEN_SECRET: { Ref: adminSecretId(template) },
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    }));
  });

  it('routes every method and path to the API server with payload format 2.0', () => {
    const { functionId } = apiServer(template);

    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', Match.objectLike({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
    }));
  });

  it('outputs the API endpoint', () => {
    const [apiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));

    template.hasOutput('*', { Value: { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } });
  });

  it('lets the API server role read and write the table', () => {
    const { roleId } = apiServer(template);

    expect(tableActions(template, roleId)).toEqual(expect.arrayContaining(READ_WRITE));
  });

  describe('long watches', () => {
    it('serves them from a streaming function with the API server configuration and a 15-minute timeout', () => {
      template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
        Runtime: 'nodejs22.x',
        Timeout: 900,
        Environment: {
          Variables: Match.objectLike({ SKIFF_TABLE: { Ref: tableId(template) }, SKIFF_ADMIN_TOKEN_SECRET: { Ref: adminSecretId(template) } }),
        },
      }));
    });

    it('streams responses from a Function URL that leaves authentication to Skiff', () => {
      const { functionId } = streamServer(template);

      template.hasResourceProperties('AWS::Lambda::Url', {
        TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        AuthType: 'NONE',
        InvokeMode: 'RESPONSE_STREAM',
      });
    });

    it('outputs the watch URL', () => {
      const [urlId] = Object.keys(template.findResources('AWS::Lambda::Url'));

      template.hasOutput('WatchUrl', { Value: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] } });
    });

    it('lets the streaming function read and write the table', () => {
      const { roleId } = streamServer(template);

      expect(tableActions(template, roleId)).toEqual(expect.arrayContaining(READ_WRITE));
    });
  });

  describe('stream consumers', () => {
    it('has exactly two consumers on the table stream, as AWS advises', () => {
      const mappings = template.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { EventSourceArn: tableStreamArn(template) },
      });

      expect(Object.keys(mappings)).toHaveLength(2);
    });

    describe.each(CONSUMER_SOURCES.filter(readsStream).map((source) => [source.name, source] as const))('%s', (_name, source) => {
      it('reads the stream from LATEST with the filters and batching it declares', () => {
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
          EventSourceArn: tableStreamArn(template),
          FilterCriteria: { Filters: cfnFilters(source) },
          StartingPosition: 'LATEST',
          BatchSize: source.batchSize,
          MaximumBatchingWindowInSeconds: source.batchingWindowSeconds,
        }));
      });

      it('reports batch item failures, bisects failing batches and sends exhausted records to a dead-letter queue', () => {
        const { mapping } = consumer(template, source);

        expect(mapping.Properties).toMatchObject({
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 10,
          MaximumRecordAgeInSeconds: 3600,
        });
        const [queueId, attribute] = mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'];
        expect(attribute).toBe('Arn');
        expect(Object.keys(template.findResources('AWS::SQS::Queue'))).toContain(queueId);
      });

      it('is configured with the table and its requeue queue and may read and write the table', () => {
        const { functionId, roleId } = consumer(template, source);
        const fn = template.findResources('AWS::Lambda::Function')[functionId];

        expect(fn.Properties.Environment.Variables).toMatchObject({
          SKIFF_TABLE: { Ref: tableId(template) },
          SKIFF_REQUEUE_URL: { Ref: expect.any(String) },
        });
        expect(tableActions(template, roleId)).toEqual(expect.arrayContaining(READ_WRITE));
      });

      it('consumes its requeue queue in batches of 10, reporting item failures', () => {
        const { functionId } = consumer(template, source);
        const fn = template.findResources('AWS::Lambda::Function')[functionId];
        const queueId: string = fn.Properties.Environment.Variables.SKIFF_REQUEUE_URL.Ref;

        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
          EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          FunctionName: { Ref: functionId },
          BatchSize: 10,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        }));
        const queue = template.findResources('AWS::SQS::Queue')[queueId];
        expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
      });

      it('lets the function send to its requeue queue', () => {
        const { functionId, roleId } = consumer(template, source);
        const fn = template.findResources('AWS::Lambda::Function')[functionId];
        const queueArn = { 'Fn::GetAtt': [fn.Properties.Environment.Variables.SKIFF_REQUEUE_URL.Ref, 'Arn'] };

        template.hasResourceProperties('AWS::IAM::Policy', Match.objectLike({
          Roles: [{ Ref: roleId }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: queueArn })]),
          },
        }));
      });

      it('resyncs on a schedule every resyncSeconds', () => {
        const { functionId } = consumer(template, source);

        template.hasResourceProperties('AWS::Scheduler::Schedule', Match.objectLike({
          ScheduleExpression: `rate(${source.resyncSeconds / 60} minutes)`,
          State: 'ENABLED',
          Target: Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
            Input: JSON.stringify({ source: 'skiff.work', keys: [], resync: true }),
          }),
        }));
      });
    });

    it('refuses a resync period that is not a whole number of minutes', () => {
      const stack = new Stack(new App({ context: SKIP_BUNDLING }), 'Consumer');
      const table = new dynamodb.Table(stack, 'Table', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      });
      const source: ConsumerSource = { ...CONSUMER_SOURCES[0], resyncSeconds: 90 };

      expect(() => new StreamConsumer(stack, 'Consumer', { table, source })).toThrow(/whole number of minutes/);
    });

    it('passes each filter pattern once, since Lambda ORs them and CloudFormation refuses repeats', () => {
      const pods = { dynamodb: { Keys: { pk: { S: ['o#pods'] } } } };
      const nodes = { dynamodb: { Keys: { pk: { S: ['o#nodes'] } } } };

      expect(uniquePatterns([pods, nodes, { ...pods }])).toEqual([pods, nodes]);
    });

    it('sends the resync event the handlers recognize', () => {
      expect(RESYNC_EVENT).toEqual({ source: 'skiff.work', keys: [], resync: true });
    });
  });

  describe('bundles', () => {
    /** The esbuild output directory of a function, from the synthesized cloud assembly. */
    const bundleOf = (functionId: string): string => {
      const key: string = template.findResources('AWS::Lambda::Function')[functionId].Properties.Code.S3Key;
      return path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
    };

    it('leave the AWS SDK to the runtime, bundle everything else and stay under 1 MB', () => {
      const functionIds = Object.keys(template.findResources('AWS::Lambda::Function', {
        Properties: { Runtime: 'nodejs22.x' },
      }));
      expect(functionIds.length).toBeGreaterThanOrEqual(4);

      for (const functionId of functionIds) {
        const code = path.join(bundleOf(functionId), 'index.js');
        const sources: string[] = JSON.parse(fs.readFileSync(`${code}.map`, 'utf8')).sources;
        expect(sources.filter((source) => /node_modules\/@(aws-sdk|smithy)\//.test(source))).toEqual([]);
        expect(fs.statSync(code).size).toBeLessThan(1024 * 1024);
      }
    });

    it('require the SDK from the runtime and bundle Skiff code', () => {
      const code = path.join(bundleOf(apiServer(template).functionId), 'index.js');
      const sources: string[] = JSON.parse(fs.readFileSync(`${code}.map`, 'utf8')).sources;

      expect(fs.readFileSync(code, 'utf8')).toContain('require("@aws-sdk/client-dynamodb")');
      expect(sources.some((source) => /shared\/storage\//.test(source))).toBe(true);
    });
  });

  it('deletes the table with the stack when asked to', () => {
    const disposable = Template.fromStack(synthStack({ tableRemovalPolicy: RemovalPolicy.DESTROY }));

    disposable.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('declares its outputs in the stack, not inside the constructs', () => {
    const outputs = Object.keys(Template.fromStack(synthStack()).findOutputs('*')).sort();
    expect(outputs).toEqual(['AdminTokenSecretArn', 'ApiUrl', 'ClusterName', 'EcsClusterArn', 'ObjectTable', 'PodLogGroup', 'PodSecretPrefix', 'Subnets', 'TaskEventsQueueUrl', 'VpcId', 'WatchUrl']);
  });

  it('puts the API server functions outside the VPC by default, and in the pods\' subnets with apiServerInVpc', () => {
    const outside = Template.fromStack(synthStack());
    for (const ids of [apiServer(outside), streamServer(outside)]) {
      expect(outside.findResources('AWS::Lambda::Function')[ids.functionId].Properties.VpcConfig).toBeUndefined();
    }
    const inside = Template.fromStack(synthStack({ apiServerInVpc: true }));
    for (const ids of [apiServer(inside), streamServer(inside)]) {
      const vpcConfig = inside.findResources('AWS::Lambda::Function')[ids.functionId].Properties.VpcConfig;
      expect(vpcConfig.SubnetIds.length).toBeGreaterThanOrEqual(2);
      expect(vpcConfig.SecurityGroupIds).toHaveLength(1);
    }
    const endpoints = Object.values(inside.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface' } }));
    expect(endpoints.map((e) => JSON.stringify(e.Properties.ServiceName)).join(' ')).toMatch(/secretsmanager[\s\S]*logs|logs[\s\S]*secretsmanager/);
  });
});
