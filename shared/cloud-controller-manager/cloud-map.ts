import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  CreatePrivateDnsNamespaceCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterInstanceCommand,
  GetOperationCommand,
  ListInstancesCommand,
  ListNamespacesCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  RegisterInstanceCommand,
  ServiceSummary,
} from '@aws-sdk/client-servicediscovery';
import { aws, awsErrorName, CloudContext, CloudError } from './cloud';
import { CLUSTER_DOMAIN, CLUSTER_TAG, DnsInstance, instanceAttributes, POD_ATTRIBUTE, SERVICE_TAG } from './dns-plan';

/** The cluster's private DNS namespace is still being created (an asynchronous Cloud Map operation). */
export class NamespacePending extends Error {}

export interface CloudMapService {
  id: string;
  arn?: string;
  name: string;
}

/**
 * The cluster's Cloud Map namespace and its services, through the real SDK. Every call is wrapped
 * by `aws()` so a failure reaches the controller as a CloudError (an event and a retry).
 */
export class CloudMapDirectory {
  private namespaceId?: string;
  constructor(private readonly cloud: CloudContext, readonly domain = CLUSTER_DOMAIN) {}

  private get sd() {
    return this.cloud.serviceDiscovery;
  }
  get cluster(): string {
    return this.cloud.settings.cluster;
  }

  /** The namespace tagged for this cluster, created in the VPC of the configured subnets when missing. */
  async namespace(): Promise<string> {
    if (this.namespaceId) return this.namespaceId;
    const found = await this.findNamespace();
    if (found) return (this.namespaceId = found);
    const vpc = await this.vpc();
    const { OperationId } = await aws('CreatePrivateDnsNamespace', () =>
      this.sd.send(
        new CreatePrivateDnsNamespaceCommand({
          Name: this.domain,
          Vpc: vpc,
          CreatorRequestId: `skiff-${this.cluster}-${vpc}`,
          Description: `Service DNS of the Skiff cluster ${this.cluster}`,
          Tags: [{ Key: CLUSTER_TAG, Value: this.cluster }],
        }),
      ),
    );
    const { Operation } = await aws('GetOperation', () => this.sd.send(new GetOperationCommand({ OperationId })));
    if (Operation?.Status === 'FAIL') throw new CloudError('CreatePrivateDnsNamespace', new Error(`${Operation.ErrorCode}: ${Operation.ErrorMessage}`));
    const id = Operation?.Targets?.NAMESPACE;
    if (Operation?.Status !== 'SUCCESS' || !id) throw new NamespacePending(`Cloud Map namespace ${this.domain} is being created`);
    return (this.namespaceId = id);
  }

  private async findNamespace(): Promise<string | undefined> {
    let NextToken: string | undefined;
    do {
      const page = await aws('ListNamespaces', () => this.sd.send(new ListNamespacesCommand({ Filters: [{ Name: 'TYPE', Values: ['DNS_PRIVATE'] }], NextToken })));
      for (const ns of page.Namespaces ?? []) {
        if (ns.Name !== this.domain || !ns.Id || !ns.Arn) continue;
        if ((await this.tags(ns.Arn))[CLUSTER_TAG] === this.cluster) return ns.Id;
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return undefined;
  }

  /** The VPC of the first configured subnet, else the account's default VPC. */
  private async vpc(): Promise<string> {
    const subnet = this.cloud.settings.subnets[0];
    if (subnet) {
      const out = await aws('DescribeSubnets', () => this.cloud.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnet] })));
      const vpc = out.Subnets?.[0]?.VpcId;
      if (vpc) return vpc;
    }
    const out = await aws('DescribeVpcs', () => this.cloud.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] })));
    const vpc = out.Vpcs?.[0]?.VpcId;
    if (!vpc) throw new CloudError('DescribeVpcs', new Error('no default VPC for the Cloud Map namespace: configure subnets (--subnets)'));
    return vpc;
  }

  async tags(arn: string): Promise<Record<string, string>> {
    const out = await aws('ListTagsForResource', () => this.sd.send(new ListTagsForResourceCommand({ ResourceARN: arn })));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key, t.Value]));
  }

  /** Every service of the namespace. */
  async services(): Promise<CloudMapService[]> {
    const namespaceId = await this.namespace();
    const out: CloudMapService[] = [];
    let NextToken: string | undefined;
    do {
      const page = await aws('ListServices', () => this.sd.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }], NextToken })));
      out.push(...(page.Services ?? []).flatMap((s: ServiceSummary) => (s.Id && s.Name ? [{ id: s.Id, arn: s.Arn, name: s.Name }] : [])));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  /** Creates the service of one DNS name: multivalue A records, TTL 5 s (CoreDNS's default), tagged with its owner. */
  async createService(name: string, owner: string): Promise<CloudMapService> {
    const namespaceId = await this.namespace();
    const created = aws('CreateService', () =>
      this.sd.send(
        new CreateServiceCommand({
          Name: name,
          NamespaceId: namespaceId,
          CreatorRequestId: `skiff-${this.cluster}-${name}`.slice(0, 64),
          DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 5 }] },
          Tags: [
            { Key: CLUSTER_TAG, Value: this.cluster },
            { Key: SERVICE_TAG, Value: owner },
          ],
        }),
      ),
    );
    let Service: { Id?: string; Arn?: string } | undefined;
    try {
      ({ Service } = await created);
    } catch (err) {
      // Another reconcile made it first (a replayed record): AWS names the existing service.
      const cause = (err as CloudError).cause as { name?: string; ServiceId?: string } | undefined;
      if (cause?.name !== 'ServiceAlreadyExists' || !cause.ServiceId) throw err;
      Service = { Id: cause.ServiceId, Arn: undefined };
    }
    if (!Service?.Id) throw new CloudError('CreateService', new Error(`no service returned for ${name}`));
    return { id: Service.Id, arn: Service.Arn, name };
  }

  async instances(serviceId: string): Promise<DnsInstance[]> {
    const out: DnsInstance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await aws('ListInstances', () => this.sd.send(new ListInstancesCommand({ ServiceId: serviceId, NextToken })));
      for (const i of page.Instances ?? []) {
        if (i.Id) out.push({ id: i.Id, ipv4: i.Attributes?.AWS_INSTANCE_IPV4 ?? '', pod: i.Attributes?.[POD_ATTRIBUTE] });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async register(serviceId: string, i: DnsInstance): Promise<void> {
    await aws('RegisterInstance', () => this.sd.send(new RegisterInstanceCommand({ ServiceId: serviceId, InstanceId: i.id, Attributes: instanceAttributes(i) })));
  }

  async deregister(serviceId: string, id: string): Promise<void> {
    try {
      await aws('DeregisterInstance', () => this.sd.send(new DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: id })));
    } catch (err) {
      if (awsErrorName((err as { cause?: unknown }).cause) !== 'InstanceNotFound') throw err;
    }
  }

  /** Deregisters every instance, then deletes the service (AWS refuses while instances remain: the retry finishes it). */
  async deleteService(s: CloudMapService): Promise<void> {
    for (const i of await this.instances(s.id)) await this.deregister(s.id, i.id);
    try {
      await aws('DeleteService', () => this.sd.send(new DeleteServiceCommand({ Id: s.id })));
    } catch (err) {
      if (awsErrorName((err as { cause?: unknown }).cause) !== 'ServiceNotFound') throw err;
    }
  }

  /** Forgets the namespace (it was deleted behind our back): the next call looks it up or creates it again. */
  forgetNamespace(): void {
    this.namespaceId = undefined;
  }
}
