import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { SkiffStack, SkiffStackProps } from '../../infra/skiff-stack';

const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(props: SkiffStackProps = {}, context: Record<string, unknown> = {}): Template {
  return Template.fromStack(new SkiffStack(new App({ context: { ...SKIP_BUNDLING, ...context } }), 'Skiff', props));
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> };

function functionWith(template: Template, variables: Record<string, unknown>): { roleId: string; env: Record<string, unknown> } {
  const found = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike(variables) } } });
  expect(Object.keys(found)).toHaveLength(1);
  const [fn] = Object.values(found);
  return { roleId: fn.Properties.Role['Fn::GetAtt'][0], env: fn.Properties.Environment.Variables };
}

function statementsOf(template: Template, roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } })).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

const allowing = (ss: Statement[], action: string) => ss.filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action));
const controllerManager = (t: Template) => functionWith(t, { SKIFF_FORWARD_QUEUES: Match.anyValue() });

/** The stack's side of PVCs on EFS and metrics.k8s.io from Container Insights. */
describe('SkiffStack storage and metrics', () => {
  const template = synth();

  it('turns on Container Insights with enhanced observability, whose per-task metrics kubectl top reads', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
    synth({ containerInsights: ecs.ContainerInsights.DISABLED }).hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] });
    synth({}, { 'skiff:containerInsights': 'enabled' }).hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    expect(() => synth({}, { 'skiff:containerInsights': 'yes' })).toThrow('skiff:containerInsights must be enhanced, enabled or disabled, not yes');
  });

  it('lets the API server and the controller-manager read Container Insights', () => {
    // The API server's two functions (requests and long watches) share its configuration.
    const api = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: Match.objectLike({ SKIFF_ADMIN_TOKEN_SECRET: Match.anyValue() }) } } }));
    expect(api).toHaveLength(2);
    const roles = [controllerManager(template).roleId, ...api.map((fn) => String(fn.Properties.Role['Fn::GetAtt'][0]))];
    for (const roleId of roles) expect(allowing(statementsOf(template, roleId), 'cloudwatch:GetMetricData')).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: '*' })]);
  });

  it('gives the controller-manager the cluster name and EFS access-point calls scoped by the cluster tag', () => {
    const cm = controllerManager(template);
    expect(cm.env.SKIFF_ECS_CLUSTER).toBe('Skiff');
    const ss = statementsOf(template, cm.roleId);
    expect(allowing(ss, 'elasticfilesystem:CreateAccessPoint')).toEqual([expect.objectContaining({ Condition: { StringEquals: { 'aws:RequestTag/skiff.dev/cluster': 'Skiff' } } })]);
    expect(allowing(ss, 'elasticfilesystem:TagResource')).toEqual([expect.objectContaining({ Condition: { StringEquals: { 'aws:RequestTag/skiff.dev/cluster': 'Skiff' } } })]);
    expect(allowing(ss, 'elasticfilesystem:DeleteAccessPoint')).toEqual([expect.objectContaining({ Condition: { StringEquals: { 'aws:ResourceTag/skiff.dev/cluster': 'Skiff' } } })]);
    expect(allowing(ss, 'elasticfilesystem:DescribeAccessPoints')).toHaveLength(1);
    // Nothing of EFS on every resource without a condition but the read.
    const unscoped = ss.filter((s) => JSON.stringify(s.Action).includes('elasticfilesystem:') && !s.Condition).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(unscoped).toEqual(['elasticfilesystem:DescribeAccessPoints']);
  });

  it('makes no file system unless asked', () => {
    template.resourceCountIs('AWS::EFS::FileSystem', 0);
    expect(Object.keys(template.findOutputs('EfsFileSystemId'))).toHaveLength(0);
  });

  it('creates an encrypted, retained file system with a mount target per pod subnet that takes NFS from the pods', () => {
    const t = synth({ efs: { create: true } });
    t.hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ Encrypted: true, ThroughputMode: 'elastic' }) });
    t.resourceCountIs('AWS::EFS::MountTarget', 2);
    const groups = t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('EFS mount targets') } });
    const [[groupId, group]] = Object.entries(groups);
    // NFS only, from the pods' security group (not from an address range).
    expect(group.Properties.SecurityGroupIngress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: expect.anything() })]);
    for (const target of Object.values(t.findResources('AWS::EFS::MountTarget'))) expect(target.Properties.SecurityGroups).toEqual([{ 'Fn::GetAtt': [groupId, 'GroupId'] }]);
    expect(Object.keys(t.findOutputs('EfsFileSystemId'))).toHaveLength(1);
  });

  it('uses an existing file system by id, and lets the default task role mount it with IAM', () => {
    const t = synth({}, { 'skiff:efsFileSystemId': 'fs-0abc' });
    t.resourceCountIs('AWS::EFS::FileSystem', 0);
    t.hasOutput('EfsFileSystemId', { Value: 'fs-0abc' });
    const policies = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const mount = allowing(policies, 'elasticfilesystem:ClientMount');
    expect(mount).toHaveLength(1);
    expect(mount[0]).toMatchObject({ Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } } });
    expect(JSON.stringify(mount[0].Resource)).toContain('file-system/fs-0abc');
  });

  it('tells the API server the file system, whose class its bootstrap makes the default', () => {
    const withEfs = Object.values(synth({}, { 'skiff:efsFileSystemId': 'fs-0abc' }).findResources('AWS::Lambda::Function'));
    expect(withEfs.filter((f) => f.Properties.Environment?.Variables?.SKIFF_EFS_FILE_SYSTEM_ID === 'fs-0abc').length).toBe(2);
    const without = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(without.filter((f) => f.Properties.Environment?.Variables?.SKIFF_EFS_FILE_SYSTEM_ID !== undefined)).toHaveLength(0);
  });
});
