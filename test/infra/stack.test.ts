import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { SkiffStack, SkiffStackProps } from '../../infra/skiff-stack';

const ADMIN_TOKEN_HASH = 'a'.repeat(64);

function synthStack(props: SkiffStackProps = {}): SkiffStack {
  return new SkiffStack(new App(), 'Skiff', props);
}

/** Logical ID of the object table, found by its key schema rather than by name. */
function tableId(template: Template): string {
  const tables = template.findResources('AWS::DynamoDB::Table', {
    Properties: { KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]) },
  });
  expect(Object.keys(tables)).toHaveLength(1);
  return Object.keys(tables)[0];
}

/** Logical IDs of the API server function and its role, found by the table it is configured with. */
function apiServer(template: Template): { functionId: string; roleId: string } {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { SKIFF_TABLE: Match.anyValue() } } },
  });
  const [[functionId, fn]] = Object.entries(functions);
  return { functionId, roleId: fn.Properties.Role['Fn::GetAtt'][0] };
}

describe('SkiffStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(synthStack({ adminTokenHash: ADMIN_TOKEN_HASH }));
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

  it('runs the API server on nodejs22.x and arm64 with the table name and admin token hash', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      Environment: {
        Variables: Match.objectLike({
          SKIFF_TABLE: { Ref: tableId(template) },
          SKIFF_ADMIN_TOKEN_HASH: ADMIN_TOKEN_HASH,
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
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    const tableArn = { 'Fn::GetAtt': [tableId(template), 'Arn'] };

    const grantedOnTable = Object.values(policies)
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow' && JSON.stringify(statement.Resource).includes(JSON.stringify(tableArn)))
      .flatMap((statement) => statement.Action);

    expect(grantedOnTable).toEqual(expect.arrayContaining([
      'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem',
    ]));
  });

  it('deletes the table with the stack when asked to', () => {
    const disposable = Template.fromStack(
      synthStack({ adminTokenHash: ADMIN_TOKEN_HASH, tableRemovalPolicy: RemovalPolicy.DESTROY }),
    );

    disposable.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('warns when no admin token hash is set', () => {
    const stack = synthStack();

    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('admin token'));
  });

  it('refuses an admin token hash that is not sha256 hex', () => {
    expect(() => synthStack({ adminTokenHash: 'my-plain-token' })).toThrow(/sha256/);
  });
});
