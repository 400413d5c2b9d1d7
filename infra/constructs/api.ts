import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { metricsReaderStatement } from './cluster-permissions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Network } from './network';
import { SkiffFunction } from './skiff-function';

export interface ApiProps {
  /** The object store the API server reads and writes. */
  readonly table: dynamodb.ITable;
  /** The admin bearer token; the API server reads it at cold start and keeps only its digest. */
  readonly adminToken: secretsmanager.ISecret;
  /** The seed of the service-account token signing key; read at cold start (SKIFF_SA_SIGNING_SECRET). */
  readonly signingSeed: secretsmanager.ISecret;
  /** The pods' log group, which `kubectl logs` reads. */
  readonly podLogs: logs.ILogGroup;
  /** The ECS cluster's name (SKIFF_ECS_CLUSTER). */
  readonly clusterName: string;
  /** The claims' EFS file system: the bootstrap makes its class, `efs`, the default (SKIFF_EFS_FILE_SYSTEM_ID). */
  readonly efsFileSystemId?: string;
  /**
   * Run the API server functions inside the pods' VPC, so admission webhooks served by pods (a
   * webhook Service's endpoints are pod IPs) are reachable. The functions then reach AWS through the
   * VPC: DynamoDB by its gateway endpoint, Secrets Manager and CloudWatch Logs by interface endpoints
   * added here; the internet (webhooks by public URL) only if the VPC has a NAT gateway.
   * @default not in a VPC
   */
  readonly vpc?: Network;
}

/**
 * The kube-apiserver, at two endpoints:
 * - `functions/apiserver` behind an API Gateway HTTP API that forwards every request: the endpoint
 *   for every client and request (kubeconfig `server`). API Gateway ends a response after 29 s, so a
 *   watch there is served in 25 s windows; a client that re-watches from its last resourceVersion
 *   when the server closes a watch (as informers do) keeps working, only with more requests.
 * - `functions/apiserver-stream` behind a Lambda Function URL with response streaming: watches held
 *   open for up to 15 minutes, for long-lived watchers (informers, `kubectl get --watch`). Clients
 *   reach it through a second cluster entry in the kubeconfig whose `server` is the watch URL
 *   (output `WatchUrl`). The URL has no IAM auth because, as behind API Gateway, Skiff authenticates
 *   bearer tokens itself.
 */
export class Api extends Construct {
  readonly handler: lambda.IFunction;
  readonly httpApi: apigw.HttpApi;
  readonly streamHandler: lambda.IFunction;
  readonly watchUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const environment = {
      SKIFF_TABLE: props.table.tableName,
      SKIFF_ADMIN_TOKEN_SECRET: props.adminToken.secretArn,
      SKIFF_SA_SIGNING_SECRET: props.signingSeed.secretArn,
      SKIFF_ECS_CLUSTER: props.clusterName,
      SKIFF_LOG_GROUP: props.podLogs.logGroupName,
      ...(props.efsFileSystemId ? { SKIFF_EFS_FILE_SYSTEM_ID: props.efsFileSystemId } : {}),
    };
    const grant = (fn: lambda.IFunction) => {
      props.table.grantReadWriteData(fn);
      props.adminToken.grantRead(fn);
      props.signingSeed.grantRead(fn);
      // `kubectl logs` reads the pods' containers' streams.
      fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:DescribeLogStreams'],
        resources: [props.podLogs.logGroupArn, `${props.podLogs.logGroupArn}:log-stream:*`],
      }));
      // The pod token endpoint asks ECS which pod a caller's task runs and with which role.
      const stack = Stack.of(this);
      fn.addToRolePolicy(new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks'],
        resources: [stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${props.clusterName}/*` })],
      }));
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
      // metrics.k8s.io (`kubectl top`) reads ECS pods' usage from Container Insights.
      fn.addToRolePolicy(metricsReaderStatement());
    };
    const vpc = props.vpc ? this.inVpc(props.vpc) : undefined;
    this.handler = new SkiffFunction(this, 'Handler', { component: 'apiserver', environment, vpc }).function;
    grant(this.handler);

    // The $default route sends every method and path to the function; the API server does its own
    // routing, as kube-apiserver does, so discovery and unknown paths answer with a Status.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Skiff Kubernetes API',
      defaultIntegration: new HttpLambdaIntegration('ApiServer', this.handler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });

    this.streamHandler = new SkiffFunction(this, 'StreamHandler', {
      component: 'apiserver-stream',
      // A Function URL streams a response for as long as the function runs.
      timeout: Duration.minutes(15),
      environment,
      vpc,
    }).function;
    grant(this.streamHandler);
    this.watchUrl = this.streamHandler.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
    });
  }

  /** The API server's security group (egress anywhere in the VPC) and the interface endpoints it needs there. */
  private inVpc(network: Network): { vpc: ec2.IVpc; subnets: ec2.ISubnet[]; securityGroups: ec2.ISecurityGroup[] } {
    const group = new ec2.SecurityGroup(this, 'ApiServerSecurityGroup', {
      vpc: network.vpc,
      description: 'Skiff API server: calls admission webhooks on pods and AWS endpoints',
      allowAllOutbound: true,
    });
    const endpointGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', { vpc: network.vpc, description: 'Skiff API server interface endpoints', allowAllOutbound: false });
    endpointGroup.addIngressRule(group, ec2.Port.tcp(443), 'HTTPS from the API server');
    for (const [id, service] of [
      ['SecretsManagerEndpoint', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
      ['LogsEndpoint', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
    ] as const) {
      new ec2.InterfaceVpcEndpoint(this, id, { vpc: network.vpc, service, subnets: { subnets: network.subnets }, securityGroups: [endpointGroup], privateDnsEnabled: true });
    }
    return { vpc: network.vpc, subnets: network.subnets, securityGroups: [group] };
  }
}
