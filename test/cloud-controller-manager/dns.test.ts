import { CreateServiceCommand, DiscoverInstancesCommand, ListNamespacesCommand, ListServicesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { mockClient } from 'aws-sdk-client-mock';
import { Event, Pod, Service } from '../../shared/api/types';
import { cloudContext, CloudContext } from '../../shared/cloud-controller-manager/cloud';
import { serviceDnsController } from '../../shared/cloud-controller-manager/dns';
import { create, get, list, R, remove, update } from '../../shared/controllers/client';
import { Controller } from '../../shared/controllers/controller';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { awsEndpoint, resetAws } from '../support/aws';
import { pod, service, testContext } from '../controllers/support';

const CLUSTER = 'ccm-dns';

/** Service DNS against DynamoDB Local and the AWS emulator's Cloud Map, with the real EndpointSlice controller. */
describe('service DNS controller', () => {
  let ctx: RestContext;
  let cloud: CloudContext;
  let dns: Controller;
  let sd: ServiceDiscoveryClient;

  beforeEach(async () => {
    await resetAws();
    ctx = await testContext();
    cloud = cloudContext({ endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER, subnets: [], securityGroups: [], logGroup: '/skiff/test' });
    sd = cloud.serviceDiscovery;
    dns = serviceDnsController(cloud);
  });

  async function slices(): Promise<void> {
    for (const key of (await endpointSliceController.resync?.(ctx)) ?? []) await endpointSliceController.reconcile(ctx, key);
  }
  /** A pod as its kubelet reports it: created, then its status (IP, readiness) written, since a create drops status. */
  async function running(p: Pod): Promise<void> {
    const stored = (await create(ctx, R.pods, 'default', p)) as KubeObject;
    await update(ctx, R.pods, { ...stored, status: p.status }, 'status');
  }
  const sync = (name: string, namespace = 'default') => dns.reconcile(ctx, { resource: 'services', namespace, name, controller: dns.name });
  const discover = async (name: string) =>
    ((await sd.send(new DiscoverInstancesCommand({ NamespaceName: 'cluster.local', ServiceName: name }))).Instances ?? []).map((i) => i.Attributes?.AWS_INSTANCE_IPV4).sort();
  const cloudMapNames = async () => {
    const ns = (await sd.send(new ListNamespacesCommand({}))).Namespaces ?? [];
    const out = await sd.send(new ListServicesCommand({ Filters: [{ Name: 'NAMESPACE_ID', Values: ns.map((n) => n.Id as string), Condition: 'EQ' }] }));
    return (out.Services ?? []).map((s) => s.Name).sort();
  };
  const events = async (name: string) => ((await list(ctx, R.events, 'default')) as unknown as Event[]).filter((e) => e.involvedObject.name === name);

  it('resolves a Service\'s name to its ready endpoints and follows them', async () => {
    await create(ctx, R.services, 'default', service('web', { ports: [{ name: 'http', port: 80, targetPort: 8080 }] }));
    await running(pod('web-1', { podIP: '10.1.0.1', nodeName: 'n' }));
    await running(pod('web-2', { podIP: '10.1.0.2', nodeName: 'n' }));
    await running(pod('web-3', { podIP: '10.1.0.3', nodeName: 'n', ready: false }));
    await slices();

    expect(await sync('web')).toEqual({});
    expect(await discover('web.default.svc')).toEqual(['10.1.0.1', '10.1.0.2']);
    const instances = (await sd.send(new DiscoverInstancesCommand({ NamespaceName: 'cluster.local', ServiceName: 'web.default.svc' }))).Instances ?? [];
    expect(instances.map((i) => i.Attributes?.['skiff.dev/pod']).sort()).toEqual(['default/web-1', 'default/web-2']);
    expect((await events('web')).map((e) => [e.reason, e.message])).toEqual([['EnsuredServiceDNS', 'Registered web.default.svc.cluster.local in Cloud Map']]);

    // Scale down: a pod goes, its address is deregistered.
    await remove(ctx, R.pods, (await get(ctx, R.pods, 'default', 'web-1')) as KubeObject, { gracePeriodSeconds: 0 });
    await slices();
    await sync('web');
    expect(await discover('web.default.svc')).toEqual(['10.1.0.2']);

    // Replayed keys converge to the same instances.
    await sync('web');
    await sync('web');
    expect(await discover('web.default.svc')).toEqual(['10.1.0.2']);
  });

  it('gives a headless Service\'s pods a name each and removes a pod\'s name when it goes', async () => {
    await create(ctx, R.services, 'default', service('db', { clusterIP: 'None', selector: { app: 'db' } }));
    for (const [i, ip] of ['10.2.0.1', '10.2.0.2'].entries()) {
      const p = pod(`db-${i}`, { podIP: ip, nodeName: 'n', labels: { app: 'db' } });
      await running({ ...p, spec: { ...p.spec, hostname: `db-${i}`, subdomain: 'db' } } as Pod);
    }
    await slices();
    await sync('db');
    expect(await discover('db.default.svc')).toEqual(['10.2.0.1', '10.2.0.2']);
    expect(await discover('db-0.db.default.svc')).toEqual(['10.2.0.1']);
    expect(await discover('db-1.db.default.svc')).toEqual(['10.2.0.2']);

    await remove(ctx, R.pods, (await get(ctx, R.pods, 'default', 'db-1')) as KubeObject, { gracePeriodSeconds: 0 });
    await slices();
    await sync('db');
    expect(await cloudMapNames()).toEqual(['db-0.db.default.svc', 'db.default.svc']);
  });

  it('removes every name of a deleted Service, also when the REMOVE record was missed (resync), and only names tagged for this cluster', async () => {
    await create(ctx, R.services, 'default', service('web'));
    await running(pod('web-1', { podIP: '10.1.0.1', nodeName: 'n' }));
    await slices();
    await sync('web');
    // Someone else's service in the same namespace, with a name Skiff could have made.
    const namespaceId = (await sd.send(new ListNamespacesCommand({}))).Namespaces?.[0]?.Id;
    await sd.send(new CreateServiceCommand({ Name: 'manual.default.svc', NamespaceId: namespaceId, DnsConfig: { DnsRecords: [{ Type: 'A', TTL: 60 }] } }));
    expect(await cloudMapNames()).toEqual(['manual.default.svc', 'web.default.svc']);

    await remove(ctx, R.services, (await get(ctx, R.services, 'default', 'web')) as KubeObject);
    // A fresh controller (a new Lambda container) learns the orphan from Cloud Map on resync.
    const fresh = serviceDnsController(cloud);
    const keys = (await fresh.resync?.(ctx)) ?? [];
    expect(keys.map((k) => `${k.namespace}/${k.name}`)).toEqual(expect.arrayContaining(['default/web', 'default/manual']));
    for (const k of keys) await fresh.reconcile(ctx, k);
    expect(await cloudMapNames()).toEqual(['manual.default.svc']);
  });

  it('creates one namespace for the cluster and finds it again from another process', async () => {
    await create(ctx, R.services, 'default', service('a'));
    await create(ctx, R.services, 'default', service('b', { clusterIP: '10.96.0.11' }));
    await sync('a');
    await serviceDnsController(cloud).reconcile(ctx, { resource: 'services', namespace: 'default', name: 'b', controller: 'service-dns' });
    const namespaces = (await sd.send(new ListNamespacesCommand({}))).Namespaces ?? [];
    expect(namespaces.map((n) => [n.Name, n.Type])).toEqual([['cluster.local', 'DNS_PRIVATE']]);
    expect(await cloudMapNames()).toEqual(['a.default.svc', 'b.default.svc']);
  });

  it('skips ExternalName Services and the API\'s own kubernetes Service', async () => {
    await create(ctx, R.services, 'default', Service.parse({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } }));
    await sync('ext');
    await sync('kubernetes');
    expect(await cloudMapNames()).toEqual([]);
  });

  it('turns Cloud Map throttling into a Warning event and a retry with backoff', async () => {
    await create(ctx, R.services, 'default', service('web'));
    const mock = mockClient(sd);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    mock.on(ListNamespacesCommand).rejects(throttled);
    try {
      expect(await sync('web')).toEqual({ requeueAfterSeconds: 5 });
      expect(await sync('web')).toEqual({ requeueAfterSeconds: 10 });
    } finally {
      mock.restore();
    }
    const warning = (await events('web')).find((e) => e.type === 'Warning');
    expect(warning).toMatchObject({ reason: 'SyncServiceDNSFailed', message: 'Error syncing DNS names in Cloud Map: ListNamespaces: ThrottlingException: Rate exceeded' });
    expect(await sync('web')).toEqual({});
    expect(await cloudMapNames()).toEqual(['web.default.svc']);
  });
});
