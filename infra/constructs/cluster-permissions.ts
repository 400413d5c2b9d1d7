import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** The tag every AWS resource a controller creates carries, valued with the cluster's name. */
export const CLUSTER_TAG = 'skiff.dev/cluster';

/**
 * Least-privilege statements, one function per component. Where AWS supports scoping a write
 * (resource ARNs, `ecs:cluster`, `aws:RequestTag` at create, `aws:ResourceTag` afterwards) it is
 * scoped to this cluster; only reads that AWS authorizes on `*` alone (Describe*, List*) use `*`.
 */
export interface ClusterScope {
  stack: Stack;
  clusterName: string;
  clusterArn: string;
  vpcId: string;
}

export interface EcsProviderScope extends ClusterScope {
  /** Secrets Manager names of pods' secrets start with this. */
  secretPrefix: string;
  /** Roles the ECS provider hands to tasks (iam:PassRole). */
  taskRoleArns: string[];
}

const arn = (s: Stack, service: string, resource: string, resourceName?: string, format?: ArnFormat) =>
  s.formatArn({ service, resource, resourceName, arnFormat: format });

const requestTagged = (c: ClusterScope) => ({ StringEquals: { [`aws:RequestTag/${CLUSTER_TAG}`]: c.clusterName } });
const resourceTagged = (c: ClusterScope) => ({ StringEquals: { [`aws:ResourceTag/${CLUSTER_TAG}`]: c.clusterName } });

/** The ECS node provider: task definitions and tasks of this cluster, its container instances, pods' secrets. */
export function ecsProviderStatements(c: EcsProviderScope): iam.PolicyStatement[] {
  const s = c.stack;
  const taskDefinitions = arn(s, 'ecs', 'task-definition', '*');
  const secrets = arn(s, 'secretsmanager', 'secret', `${c.secretPrefix}*`, ArnFormat.COLON_RESOURCE_NAME);
  return [
    // RegisterTaskDefinition authorizes on `*` only; the tag it must carry scopes it.
    new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: ['*'], conditions: requestTagged(c) }),
    new iam.PolicyStatement({ actions: ['ecs:DeregisterTaskDefinition', 'ecs:DeleteTaskDefinitions'], resources: [taskDefinitions], conditions: resourceTagged(c) }),
    new iam.PolicyStatement({
      actions: ['ecs:RunTask', 'ecs:StartTask'],
      resources: [taskDefinitions],
      conditions: { ArnEquals: { 'ecs:cluster': c.clusterArn } },
    }),
    new iam.PolicyStatement({
      actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
      resources: [arn(s, 'ecs', 'task', `${c.clusterName}/*`)],
    }),
    new iam.PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: [taskDefinitions, arn(s, 'ecs', 'task', `${c.clusterName}/*`)],
      conditions: { StringEquals: { 'ecs:CreateAction': ['RegisterTaskDefinition', 'RunTask', 'StartTask'] } },
    }),
    // A batched start's tasks get their pod's tags after the call: only tasks already tagged with this cluster.
    new iam.PolicyStatement({
      actions: ['ecs:TagResource'],
      resources: [arn(s, 'ecs', 'task', `${c.clusterName}/*`)],
      conditions: resourceTagged(c),
    }),
    new iam.PolicyStatement({
      actions: ['ecs:ListTasks', 'ecs:ListContainerInstances', 'ecs:DescribeClusters'],
      resources: [c.clusterArn, arn(s, 'ecs', 'container-instance', `${c.clusterName}/*`)],
    }),
    new iam.PolicyStatement({
      actions: ['ecs:DescribeContainerInstances'],
      resources: [arn(s, 'ecs', 'container-instance', `${c.clusterName}/*`)],
    }),
    new iam.PolicyStatement({
      actions: ['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions', 'ec2:DescribeInstances', 'ec2:DescribeSubnets', 'ec2:DescribeInstanceTypes', 'secretsmanager:ListSecrets'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: c.taskRoleArns,
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    }),
    new iam.PolicyStatement({
      actions: ['secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret',
        'secretsmanager:DescribeSecret', 'secretsmanager:TagResource'],
      resources: [secrets],
    }),
  ];
}

/** The cloud-controller-manager: its ALBs, target groups, listeners and rules, their security groups, Cloud Map. */
export function cloudControllerStatements(c: ClusterScope): iam.PolicyStatement[] {
  const s = c.stack;
  const elb = (resource: string) => arn(s, 'elasticloadbalancing', resource);
  const loadBalancers = elb('loadbalancer/app/*/*');
  const targetGroups = elb('targetgroup/*/*');
  // Listeners and rules carry the load balancer's name; the controller names its ALBs k8s-*.
  const listeners = [elb('listener/app/k8s-*/*/*'), elb('listener-rule/app/k8s-*/*/*/*')];
  const securityGroups = arn(s, 'ec2', 'security-group', '*');
  return [
    new iam.PolicyStatement({ actions: ['elasticloadbalancing:Describe*', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
      'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'servicediscovery:List*', 'servicediscovery:Get*', 'servicediscovery:DiscoverInstances'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      resources: [loadBalancers, targetGroups],
      conditions: requestTagged(c),
    }),
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:AddTags'],
      resources: [loadBalancers, targetGroups, ...listeners],
      conditions: { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'CreateRule'] } },
    }),
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:DeleteLoadBalancer', 'elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets', 'elasticloadbalancing:CreateListener', 'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes', 'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:DeregisterTargets', 'elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: [loadBalancers, targetGroups],
      conditions: resourceTagged(c),
    }),
    new iam.PolicyStatement({
      actions: ['elasticloadbalancing:DeleteListener', 'elasticloadbalancing:ModifyListener', 'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule', 'elasticloadbalancing:ModifyRule', 'elasticloadbalancing:SetRulePriorities'],
      resources: listeners,
    }),
    new iam.PolicyStatement({
      actions: ['ec2:CreateSecurityGroup'],
      resources: [securityGroups],
      conditions: requestTagged(c),
    }),
    new iam.PolicyStatement({ actions: ['ec2:CreateSecurityGroup'], resources: [arn(s, 'ec2', 'vpc', c.vpcId)] }),
    new iam.PolicyStatement({
      actions: ['ec2:CreateTags'],
      resources: [securityGroups],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSecurityGroup' } },
    }),
    new iam.PolicyStatement({
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupEgress', 'ec2:ModifySecurityGroupRules', 'ec2:DeleteSecurityGroup'],
      resources: [securityGroups],
      conditions: resourceTagged(c),
    }),
    new iam.PolicyStatement({
      actions: ['servicediscovery:CreatePrivateDnsNamespace', 'servicediscovery:CreateService', 'servicediscovery:TagResource'],
      resources: ['*'],
      conditions: requestTagged(c),
    }),
    new iam.PolicyStatement({
      actions: ['servicediscovery:DeleteNamespace', 'servicediscovery:DeleteService', 'servicediscovery:UpdateService',
        'servicediscovery:RegisterInstance', 'servicediscovery:DeregisterInstance', 'servicediscovery:UpdateInstanceCustomHealthStatus'],
      resources: [arn(s, 'servicediscovery', 'namespace', '*'), arn(s, 'servicediscovery', 'service', '*')],
      conditions: resourceTagged(c),
    }),
    // Cloud Map creates and updates the namespace's private hosted zone with the caller's rights.
    // Route 53 authorizes creating a zone on `*` alone and has no tag conditions: the zone's records
    // are scoped by ARN only, to hosted zones of this account.
    new iam.PolicyStatement({ actions: ['route53:CreateHostedZone', 'route53:ListHostedZonesByName', 'ec2:DescribeRegions'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: ['route53:GetHostedZone', 'route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:DeleteHostedZone',
        'route53:AssociateVPCWithHostedZone'],
      resources: ['arn:aws:route53:::hostedzone/*', arn(s, 'ec2', 'vpc', c.vpcId)],
    }),
  ];
}

/** Container Insights' pod usage for `kubectl top` and the HPA (GetMetricData has no resource-level permissions). */
export function metricsReaderStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] });
}
