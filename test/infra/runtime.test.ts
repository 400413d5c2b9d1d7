import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SkiffStack, SkiffStackProps } from '../../infra/skiff-stack';
import { forwarderFilters } from '../../shared/runtime/forward';
import { consumerSource, CONSUMER_SOURCES, readsStream } from '../../shared/runtime/sources';
import { filterCriteria } from '../../shared/runtime/filters';

const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(props: SkiffStackProps = {}, context: Record<string, unknown> = {}): Template {
  return Template.fromStack(new SkiffStack(new App({ context: { ...SKIP_BUNDLING, ...context } }), 'Skiff', props));
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

/** The function whose environment names `component`'s handler, found by its code's entry-specific variables. */
function functionWith(template: Template, variables: Record<string, unknown>): { id: string; roleId: string; env: Record<string, unknown> } {
  const found = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike(variables) } } });
  expect(Object.keys(found)).toHaveLength(1);
  const [[id, fn]] = Object.entries(found);
  return { id, roleId: fn.Properties.Role['Fn::GetAtt'][0], env: fn.Properties.Environment.Variables };
}

function statementsOf(template: Template, roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
/** Write actions (anything but Describe/List/Get/Discover) that a statement allows on every resource. */
const unscopedWrites = (ss: Statement[], allowed: string[] = []) =>
  ss.filter((s) => resources(s).includes('*') && !s.Condition)
    .flatMap(actions)
    .filter((a) => !/:(Describe|List|Get|Discover|BatchGet)/.test(a) && !allowed.includes(a));

describe('SkiffStack runtime', () => {
  const template = synth();
  const ecsProvider = () => functionWith(template, { SKIFF_TASK_EXECUTION_ROLE_ARN: Match.anyValue() });
  const ccm = () => functionWith(template, { SKIFF_VPC_ID: Match.anyValue() });
  const controllerManager = () => functionWith(template, { SKIFF_FORWARD_QUEUES: Match.anyValue() });

  describe('network', () => {
    it('makes a VPC with public /20 subnets in two zones and no NAT gateway', () => {
      template.resourceCountIs('AWS::EC2::NatGateway', 0);
      const subnets = template.findResources('AWS::EC2::Subnet', { Properties: { MapPublicIpOnLaunch: true } });
      expect(Object.values(subnets).map((s) => s.Properties.CidrBlock)).toEqual([expect.stringMatching(/\/20$/), expect.stringMatching(/\/20$/)]);
    });

    it('keeps S3 (image layers) and DynamoDB traffic on free gateway endpoints', () => {
      for (const service of ['s3', 'dynamodb']) {
        template.hasResourceProperties('AWS::EC2::VPCEndpoint', Match.objectLike({
          VpcEndpointType: 'Gateway',
          ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([`.${service}`])]) }),
        }));
      }
    });

    it('runs in an existing VPC named by context, creating none', () => {
      const existing = synth({}, {
        'skiff:vpcId': 'vpc-0abc', 'skiff:subnetIds': 'subnet-1,subnet-2', 'skiff:availabilityZones': 'us-east-1a,us-east-1b',
        'skiff:securityGroupIds': 'sg-9',
      });

      existing.resourceCountIs('AWS::EC2::VPC', 0);
      existing.resourceCountIs('AWS::EC2::SecurityGroup', 0);
      expect(functionWith(existing, { SKIFF_TASK_EXECUTION_ROLE_ARN: Match.anyValue() }).env).toMatchObject({
        SKIFF_SUBNETS: 'subnet-1,subnet-2', SKIFF_SECURITY_GROUPS: 'sg-9', SKIFF_ASSIGN_PUBLIC_IP: 'true',
      });
    });

    it('refuses an existing VPC without zones for its subnets', () => {
      expect(() => synth({}, { 'skiff:vpcId': 'vpc-0abc', 'skiff:subnetIds': 'subnet-1' })).toThrow(/availabilityZones/);
    });
  });

  describe('ECS', () => {
    it('names the cluster after the stack and gives it FARGATE and FARGATE_SPOT', () => {
      template.hasResourceProperties('AWS::ECS::Cluster', { ClusterName: 'Skiff' });
      template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', Match.objectLike({
        CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
      }));
    });

    it('adds an EC2 Auto Scaling group capacity provider when asked to', () => {
      const withEc2 = synth({ ec2Capacity: { instanceType: 't4g.medium', minSize: 1, maxSize: 3 } });

      withEc2.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', Match.objectLike({ MinSize: '1', MaxSize: '3' }));
      withEc2.hasResourceProperties('AWS::ECS::CapacityProvider', Match.objectLike({
        AutoScalingGroupProvider: Match.objectLike({ ManagedScaling: Match.objectLike({ Status: 'ENABLED' }) }),
      }));
      const [providerId] = Object.keys(withEc2.findResources('AWS::ECS::CapacityProvider'));
      withEc2.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', Match.objectLike({
        CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT', { Ref: providerId }]),
      }));
    });

    it('keeps the pods\' logs in /skiff/<cluster>/pods for a week and removes them with the stack', () => {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: '/skiff/Skiff/pods', RetentionInDays: 7 },
        DeletionPolicy: 'Delete',
      });
    });

    it('lets the task execution role write only the pods\' log group and read only the pods\' secrets', () => {
      const roles = template.findResources('AWS::IAM::Role', {
        Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] }, Description: Match.stringLikeRegexp('execution role') },
      });
      const [roleId] = Object.keys(roles);
      const statements = statementsOf(template, roleId);
      const logs = statements.find((s) => actions(s).includes('logs:PutLogEvents')) as Statement;
      const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/skiff/Skiff/pods' } }));
      expect(resources(logs)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
      const secrets = statements.find((s) => actions(s).includes('secretsmanager:GetSecretValue')) as Statement;
      expect(JSON.stringify(secrets.Resource)).toContain(':secret:skiff/Skiff/*');
      expect(unscopedWrites(statements)).toEqual([]);
    });
  });

  describe('ECS task state changes', () => {
    it('routes the cluster\'s task state changes, and only those, to the ECS provider\'s queue', () => {
      const [clusterId] = Object.keys(template.findResources('AWS::ECS::Cluster'));
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: {
          EventPattern: Match.objectLike({
            source: ['aws.ecs'],
            'detail-type': ['ECS Task State Change'],
            detail: { clusterArn: [{ 'Fn::GetAtt': [clusterId, 'Arn'] }] },
          }),
        },
      });
      expect(Object.keys(rules)).toHaveLength(1);
      const [rule] = Object.values(rules);
      const queueArn = rule.Properties.Targets[0].Arn;
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
        EventSourceArn: queueArn,
        FunctionName: { Ref: ecsProvider().id },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }));
    });

    it('lets EventBridge send to that queue, only from the rule', () => {
      const [ruleId] = Object.keys(template.findResources('AWS::Events::Rule'));
      template.hasResourceProperties('AWS::SQS::QueuePolicy', Match.objectLike({
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          })]),
        },
      }));
    });
  });

  describe('consumers that do not read the stream', () => {
    const forwarded = CONSUMER_SOURCES.filter((s) => !readsStream(s));

    it('are the ECS provider and the cloud-controller-manager', () => {
      expect(forwarded.map((s) => s.name)).toEqual(['ecs-provider', 'cloud-controller-manager']);
    });

    it.each(forwarded.map((s) => [s.name] as const))('%s has no stream mapping but its queue, a resync schedule and the AWS settings', (name) => {
      const fn = name === 'ecs-provider' ? ecsProvider() : ccm();
      const mappings = template.findResources('AWS::Lambda::EventSourceMapping', { Properties: { FunctionName: { Ref: fn.id } } });
      const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));

      expect(Object.values(mappings).map((m) => m.Properties.EventSourceArn)).not.toContainEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
      expect(Object.values(mappings).map((m) => m.Properties.EventSourceArn)).toContainEqual({ 'Fn::GetAtt': [(fn.env.SKIFF_REQUEUE_URL as { Ref: string }).Ref, 'Arn'] });
      const [podLogs] = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/skiff/Skiff/pods' } }));
      expect(fn.env).toMatchObject({ SKIFF_ECS_CLUSTER: 'Skiff', SKIFF_LOG_GROUP: { Ref: podLogs }, SKIFF_SUBNETS: expect.anything() });
      template.hasResourceProperties('AWS::Scheduler::Schedule', Match.objectLike({
        ScheduleExpression: `rate(${consumerSource(name).resyncSeconds / 60} minutes)`,
        Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fn.id, 'Arn'] } }),
      }));
    });

    it('get their records from the controller-manager, which may send to their queues', () => {
      const cm = controllerManager();
      const queues = cm.env.SKIFF_FORWARD_QUEUES as { 'Fn::Join': [string, unknown[]] };
      const joined = JSON.stringify(queues);
      for (const fn of [ecsProvider(), ccm()]) {
        const queueId = (fn.env.SKIFF_REQUEUE_URL as { Ref: string }).Ref;
        expect(joined).toContain(queueId);
        const sends = statementsOf(template, cm.roleId).filter((s) => actions(s).includes('sqs:SendMessage'));
        expect(sends.map((s) => s.Resource)).toContainEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      }
      expect(joined).toMatch(/ecs-provider.*cloud-controller-manager/);
    });

    it('need no pattern added to the controller-manager\'s mapping, whose prefix covers theirs', () => {
      const cm = consumerSource('controller-manager');
      const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));

      expect(forwarderFilters(cm.filters, forwarded.map((s) => s.filters))).toEqual(cm.filters);
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', Match.objectLike({
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        FunctionName: { Ref: controllerManager().id },
        FilterCriteria: { Filters: filterCriteria(cm.filters).map((f) => ({ Pattern: f.pattern })) },
      }));
    });
  });

  describe('least privilege', () => {
    it('gives the ECS provider RunTask only in this cluster and task actions only on its tasks', () => {
      const statements = statementsOf(template, ecsProvider().roleId);
      const [clusterId] = Object.keys(template.findResources('AWS::ECS::Cluster'));
      const run = statements.find((s) => actions(s).includes('ecs:RunTask')) as Statement;
      const stop = statements.find((s) => actions(s).includes('ecs:StopTask')) as Statement;
      const register = statements.find((s) => actions(s).includes('ecs:RegisterTaskDefinition')) as Statement;

      expect(run.Condition).toEqual({ ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [clusterId, 'Arn'] } } });
      expect(JSON.stringify(stop.Resource)).toContain(':task/Skiff/*');
      expect(register.Condition).toEqual({ StringEquals: { 'aws:RequestTag/skiff.dev/cluster': 'Skiff' } });
      expect(unscopedWrites(statements)).toEqual([]);
    });

    it('lets the ECS provider tag a batched start\'s tasks afterwards only when they are the cluster\'s', () => {
      const later = statementsOf(template, ecsProvider().roleId).find((s) => actions(s).includes('ecs:TagResource') && !JSON.stringify(s.Condition).includes('CreateAction')) as Statement;

      expect(JSON.stringify(later.Resource)).toContain(':task/Skiff/*');
      expect(later.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/skiff.dev/cluster': 'Skiff' } });
    });

    it('lets the ECS provider pass only the cluster\'s task roles, only to ECS tasks', () => {
      const pass = statementsOf(template, ecsProvider().roleId).find((s) => actions(s).includes('iam:PassRole')) as Statement;

      expect(resources(pass)).toHaveLength(2);
      expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    });

    it('scopes the ECS provider\'s Secrets Manager writes to the pods\' name prefix', () => {
      const secrets = statementsOf(template, ecsProvider().roleId).find((s) => actions(s).includes('secretsmanager:CreateSecret')) as Statement;

      expect(JSON.stringify(secrets.Resource)).toContain(':secret:skiff/Skiff/*');
    });

    it('lets the cloud-controller-manager create load balancers and security groups only tagged for this cluster, and change only those', () => {
      const statements = statementsOf(template, ccm().roleId);
      const tagged = { StringEquals: { 'aws:RequestTag/skiff.dev/cluster': 'Skiff' } };
      const owned = { StringEquals: { 'aws:ResourceTag/skiff.dev/cluster': 'Skiff' } };
      const find = (action: string, condition: unknown) => statements.find((s) => actions(s).includes(action) && JSON.stringify(s.Condition) === JSON.stringify(condition));

      expect(find('elasticloadbalancing:CreateLoadBalancer', tagged)).toBeDefined();
      expect(find('elasticloadbalancing:DeleteLoadBalancer', owned)).toBeDefined();
      expect(find('elasticloadbalancing:RegisterTargets', owned)).toBeDefined();
      expect(find('ec2:CreateSecurityGroup', tagged)).toBeDefined();
      expect(find('ec2:DeleteSecurityGroup', owned)).toBeDefined();
      expect(find('servicediscovery:RegisterInstance', owned)).toBeDefined();
      // Route 53 authorizes creating a hosted zone on `*` only (Cloud Map namespaces need one).
      expect(unscopedWrites(statements, ['route53:CreateHostedZone'])).toEqual([]);
    });

    it('lets the API servers read only their admin token and signing seed secrets and the pods\' logs', () => {
      const secretNamed = (name: string) => Object.keys(template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: name } }))[0];
      const secretId = secretNamed('skiff-admin-token/Skiff');
      const seedId = secretNamed('skiff-sa-signing-key/Skiff');
      const apis = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ SKIFF_ADMIN_TOKEN_SECRET: { Ref: secretId } }) } } });
      expect(Object.keys(apis)).toHaveLength(2);
      for (const fn of Object.values(apis)) {
        const statements = statementsOf(template, fn.Properties.Role['Fn::GetAtt'][0]);
        const reads = statements.filter((s) => actions(s).includes('secretsmanager:GetSecretValue'));
        expect(reads.map((s) => s.Resource)).toEqual([{ Ref: secretId }, { Ref: seedId }]);
        const logs = statements.find((s) => actions(s).includes('logs:GetLogEvents')) as Statement;
        expect(JSON.stringify(logs.Resource)).not.toContain('"*"');
        expect(unscopedWrites(statements)).toEqual([]);
      }
    });
  });

  describe('outputs', () => {
    it.each(['ApiUrl', 'WatchUrl', 'AdminTokenSecretArn', 'ClusterName', 'EcsClusterArn', 'PodLogGroup', 'VpcId', 'Subnets', 'TaskEventsQueueUrl'])('outputs %s', (name) => {
      template.hasOutput(name, { Value: Match.anyValue() });
    });

    it('points ApiUrl at the HTTP API and AdminTokenSecretArn at the generated secret', () => {
      const [apiId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
      const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'skiff-admin-token/Skiff' } }));

      template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } });
      template.hasOutput('AdminTokenSecretArn', { Value: { Ref: secretId } });
      template.hasResourceProperties('AWS::SecretsManager::Secret', Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
      }));
    });
  });
});
