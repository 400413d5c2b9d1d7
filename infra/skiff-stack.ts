import { Annotations, CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CONSUMER_SOURCES } from '../shared/runtime/sources';
import { Api } from './constructs/api';
import { ObjectTable } from './constructs/object-table';
import { StreamConsumer } from './constructs/stream-consumer';

/** The context key the admin token hash is read from when no prop is given. */
export const ADMIN_TOKEN_HASH_CONTEXT = 'skiff:adminTokenHash';

export interface SkiffStackProps extends StackProps {
  /**
   * sha256 hex digest of the admin bearer token that goes into the kubeconfig.
   * Set it at deploy time through context, e.g.
   *   TOKEN=$(openssl rand -hex 32)
   *   npx cdk deploy -c skiff:adminTokenHash=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
   * @default the `skiff:adminTokenHash` context value; without either, no admin token is accepted
   */
  readonly adminTokenHash?: string;
  /**
   * Removal policy of the object table.
   * @default RemovalPolicy.RETAIN
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
}

/** One Skiff cluster: the object store, the API server in front of it and the stream consumers behind it. */
export class SkiffStack extends Stack {
  readonly objects: ObjectTable;
  readonly api: Api;
  /** The scheduler and the controller-manager: the table stream's only two consumers, as AWS advises. */
  readonly consumers: StreamConsumer[];

  constructor(scope: Construct, id: string, props: SkiffStackProps = {}) {
    super(scope, id, props);
    const adminTokenHash: string | undefined =
      props.adminTokenHash ?? this.node.tryGetContext(ADMIN_TOKEN_HASH_CONTEXT);
    if (!adminTokenHash) {
      Annotations.of(this).addWarningV2(
        'skiff:noAdminToken',
        `No admin token hash set (-c ${ADMIN_TOKEN_HASH_CONTEXT}=<sha256 hex>); the API server will accept no admin token.`,
      );
    }

    this.objects = new ObjectTable(this, 'Objects', { removalPolicy: props.tableRemovalPolicy });
    this.api = new Api(this, 'Api', { table: this.objects.table, adminTokenHash: adminTokenHash || undefined });
    // Outputs belong to the stack (constructs stay reusable inside stacks that name their own).
    new CfnOutput(this, 'ApiUrl', {
      description: 'The Kubernetes API endpoint (kubeconfig `server`)',
      value: this.api.httpApi.apiEndpoint,
    });
    new CfnOutput(this, 'WatchUrl', {
      description: 'The long-lived watch endpoint (`server` of a second kubeconfig cluster, for informers)',
      value: this.api.watchUrl.url,
    });

    this.consumers = CONSUMER_SOURCES.map(
      (source) => new StreamConsumer(this, pascalCase(source.name), { table: this.objects.table, source }),
    );
  }
}

/** `controller-manager` -> `ControllerManager`, a construct id that reads like the others. */
function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());
}
