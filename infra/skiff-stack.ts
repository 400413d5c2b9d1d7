import { Annotations, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Api } from './constructs/api';
import { ObjectTable } from './constructs/object-table';

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

/** One Skiff cluster: the object store and the API server in front of it. */
export class SkiffStack extends Stack {
  readonly objects: ObjectTable;
  readonly api: Api;

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
  }
}
