import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient, RegisterContainerInstanceCommand } from '@aws-sdk/client-ecs';
import { DiscoverInstancesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const CLUSTER = 'e2e-ccm';

/**
 * Issue 13's node and DNS acceptance with the real kubectl: the runner in AWS mode on the emulator
 * runs the cloud-controller-manager. The ECS provider is not part of this suite, so it registers
 * EC2-backed Nodes itself, as the provider does (named by instance id, uninitialized taint,
 * compute-type label, container-instance annotation).
 */
describe('cloud-controller-manager (AWS mode, emulator)', () => {
  let c: TestCluster;
  const ec2 = new EC2Client(awsClientConfig());
  const ecs = new ECSClient(awsClientConfig());
  const sd = new ServiceDiscoveryClient({ ...awsClientConfig(), disableHostPrefix: true });

  beforeAll(async () => {
    await resetAws();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    c = await startCluster({ provider: 'ecs', awsEndpoint: awsEndpoint(), awsRegion: 'us-east-1', ecsCluster: CLUSTER, nodes: 0, nodeMonitorGracePeriodSeconds: 3 });
  });
  afterAll(async () => {
    await c?.stop();
  });

  async function registerInstance(): Promise<string> {
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]?.ImageId;
    const id = (await ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 'c5.xlarge', MinCount: 1, MaxCount: 1 }))).Instances?.[0]?.InstanceId as string;
    const ci = await ecs.send(new RegisterContainerInstanceCommand({ cluster: CLUSTER, instanceIdentityDocument: JSON.stringify({ instanceId: id, region: 'us-east-1' }) }));
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: id, labels: { 'skiff.dev/compute-type': 'ec2' }, annotations: { 'ecs.skiff.dev/container-instance-arn': ci.containerInstance?.containerInstanceArn } },
      spec: { taints: [{ key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' }] },
    };
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify(node) });
    return id;
  }

  const jsonpath = async (id: string, path: string) => (await c.kubectl(['get', 'node', id, '-o', `jsonpath=${path}`])).stdout;

  it('initializes EC2 container instances\' Nodes: providerID, addresses and labels in kubectl get nodes -o wide', async () => {
    const ids = [await registerInstance(), await registerInstance()];
    for (const id of ids) {
      await eventually(async () => (await jsonpath(id, '{.spec.providerID}')).startsWith('aws:///'), 60_000, 500);
      const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
      const zone = instance?.Placement?.AvailabilityZone;
      expect(await jsonpath(id, '{.spec.providerID}')).toBe(`aws:///${zone}/${id}`);
      expect(await jsonpath(id, '{.spec.taints[*].key}')).not.toContain('node.cloudprovider.kubernetes.io/uninitialized');

      const wide = (await c.kubectl(['get', 'nodes', id, '-o', 'wide', '--no-headers'])).stdout.trim().split(/\s+/);
      expect(wide[0]).toBe(id);
      expect(wide).toContain(instance?.PrivateIpAddress);
      expect(wide).toContain(instance?.PublicIpAddress);

      const labels = (await c.kubectl(['get', 'node', id, '-L', 'node.kubernetes.io/instance-type,topology.kubernetes.io/zone,topology.kubernetes.io/region', '--no-headers'])).stdout;
      expect(labels).toContain(`c5.xlarge   ${zone}   us-east-1`);
      await eventually(async () => (await jsonpath(id, '{.status.conditions[?(@.type=="NetworkUnavailable")].reason}')) === 'RouteCreated', 30_000, 500);
      expect(await jsonpath(id, '{.status.capacity.cpu}')).toBe('4');
    }
    const described = (await c.kubectl(['describe', 'node', ids[0]])).stdout;
    expect(described).toMatch(/Normal\s+Synced\s+\S+\s+cloud-node-controller\s+Node synced successfully/);
  });

  it('deletes a NotReady Node once its instance is terminated', async () => {
    const id = await registerInstance();
    await eventually(async () => (await jsonpath(id, '{.spec.providerID}')) !== '', 60_000, 500);
    // Nothing posts this node's status: the node lifecycle controller makes it NotReady (Unknown) after the grace period.
    await eventually(async () => (await jsonpath(id, '{.status.conditions[?(@.type=="Ready")].status}')) === 'Unknown', 60_000, 500);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await eventually(async () => (await c.kubectl(['get', 'node', id], { allowFail: true })).stderr.includes(`nodes "${id}" not found`), 90_000, 1000);
    const events = (await c.kubectl(['get', 'events', '--field-selector', `involvedObject.name=${id}`, '-o', 'jsonpath={.items[*].reason}'])).stdout;
    expect(events).toContain('DeletingNode');
  });

  it('resolves a Service through Cloud Map to its ready endpoints', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 80 }] } };
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'api-1', labels: { 'kubernetes.io/service-name': 'api' } },
      addressType: 'IPv4',
      ports: [{ port: 80 }],
      endpoints: [
        { addresses: ['172.31.5.10'], conditions: { ready: true } },
        { addresses: ['172.31.5.11'], conditions: { ready: true } },
        { addresses: ['172.31.5.12'], conditions: { ready: false } },
      ],
    };
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(svc) });
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(slice) });
    const discover = async () =>
      ((await sd.send(new DiscoverInstancesCommand({ NamespaceName: 'cluster.local', ServiceName: 'api.default.svc' }))).Instances ?? []).map((i) => i.Attributes?.AWS_INSTANCE_IPV4).sort();
    await eventually(async () => JSON.stringify(await discover()) === JSON.stringify(['172.31.5.10', '172.31.5.11']), 60_000, 500);

    await c.kubectl(['delete', 'service', 'api']);
    await eventually(async () => (await discover().catch((err: Error) => (err.name === 'ServiceNotFound' ? [] : Promise.reject(err)))).length === 0, 60_000, 500);
  });
});
