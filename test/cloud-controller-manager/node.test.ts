import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand, StartInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, DeregisterContainerInstanceCommand, ECSClient, RegisterContainerInstanceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { Event, Node } from '../../shared/api/types';
import { cloudContext, CloudContext } from '../../shared/cloud-controller-manager/cloud';
import { nodeController } from '../../shared/cloud-controller-manager/node';
import { TAINT_SHUTDOWN } from '../../shared/cloud-controller-manager/node-plan';
import { routeController } from '../../shared/cloud-controller-manager/route';
import { create, get, list, R, update } from '../../shared/controllers/client';
import { Controller } from '../../shared/controllers/controller';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { awsEndpoint, resetAws } from '../support/aws';
import { testContext } from '../controllers/support';
import { ec2Node } from './support';

const CLUSTER = 'ccm-nodes';
/** One of the emulator's stock AMIs, looked up once (they survive resets). */
let image: string | undefined;

/** The node and route controllers against DynamoDB Local and the AWS emulator (EC2 instances registered as ECS container instances). */
describe('cloud node controller', () => {
  let ctx: RestContext;
  let cloud: CloudContext;
  let nodes: Controller;
  let routes: Controller;
  let ec2: EC2Client;
  let ecs: ECSClient;

  beforeEach(async () => {
    await resetAws();
    ctx = await testContext();
    cloud = cloudContext({ endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER, subnets: [], securityGroups: [], logGroup: '/skiff/test' });
    ({ ec2, ecs } = cloud);
    nodes = nodeController(cloud);
    routes = routeController();
    await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  });

  /** What the ECS provider does for an EC2 container instance: RunInstances, RegisterContainerInstance, a Node per the contract. */
  async function containerInstance(opts: { capacity?: Record<string, string> } = {}): Promise<{ id: string; arn: string }> {
    image ??= (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]?.ImageId as string;
    const run = await ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 'm5.large', MinCount: 1, MaxCount: 1 }));
    const id = run.Instances?.[0]?.InstanceId as string;
    const doc = JSON.stringify({ instanceId: id, region: 'us-east-1', instanceType: 'm5.large' });
    const ci = await ecs.send(new RegisterContainerInstanceCommand({ cluster: CLUSTER, instanceIdentityDocument: doc }));
    const arn = ci.containerInstance?.containerInstanceArn as string;
    await create(ctx, R.nodes, undefined, ec2Node(id, { containerInstanceArn: arn, capacity: opts.capacity }));
    return { id, arn };
  }

  const node = async (name: string) => (await get(ctx, R.nodes, undefined, name)) as Node | undefined;
  const reconcile = (c: Controller, name: string) => c.reconcile(ctx, { resource: 'nodes', name, controller: c.name });
  const events = async (name: string) => ((await list(ctx, R.events, 'default')) as unknown as Event[]).filter((e) => e.involvedObject.name === name);
  async function setReady(name: string, status: 'True' | 'False') {
    const n = (await node(name)) as Node;
    const conditions = (n.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status } : c));
    await update(ctx, R.nodes, { ...n, status: { ...n.status, conditions } } as KubeObject, 'status');
  }

  it('initializes a container instance\'s Node from its EC2 instance', async () => {
    const { id } = await containerInstance();
    const described = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
    const zone = described?.Placement?.AvailabilityZone as string;

    expect(await reconcile(nodes, id)).toEqual({});

    const n = (await node(id)) as Node;
    expect(n.spec?.providerID).toBe(`aws:///${zone}/${id}`);
    expect(n.spec?.taints).toBeUndefined();
    expect(n.metadata?.labels).toMatchObject({ 'node.kubernetes.io/instance-type': 'm5.large', 'topology.kubernetes.io/zone': zone, 'topology.kubernetes.io/region': 'us-east-1' });
    expect(n.status?.addresses).toEqual(
      expect.arrayContaining([
        { type: 'InternalIP', address: described?.PrivateIpAddress },
        { type: 'InternalDNS', address: described?.PrivateDnsName },
        { type: 'Hostname', address: described?.PrivateDnsName },
        { type: 'ExternalIP', address: described?.PublicIpAddress },
      ]),
    );
    // The emulator's m5.large: 2 vCPUs, 8 GiB (DescribeInstanceTypes), used because the node reported none.
    expect(n.status?.capacity).toEqual({ cpu: '2', memory: '8192Mi', pods: '110' });
    expect((await events(id)).map((e) => [e.type, e.reason, e.message])).toEqual([['Normal', 'Synced', 'Node synced successfully']]);

    // The route controller then reports the node's pods routable.
    await reconcile(routes, id);
    const network = (await node(id))?.status?.conditions?.find((c) => c.type === 'NetworkUnavailable');
    expect(network).toMatchObject({ status: 'False', reason: 'RouteCreated' });

    // Level-triggered: a replay changes nothing.
    const rv = (await node(id))?.metadata?.resourceVersion;
    await reconcile(nodes, id);
    await reconcile(routes, id);
    expect((await node(id))?.metadata?.resourceVersion).toBe(rv);
  });

  it('keeps the capacity the provider registered', async () => {
    const { id } = await containerInstance({ capacity: { cpu: '4096m', memory: '7482Mi', pods: '30' } });
    await reconcile(nodes, id);
    expect((await node(id))?.status?.capacity).toEqual({ cpu: '4096m', memory: '7482Mi', pods: '30' });
  });

  it('deletes a NotReady node whose instance is terminated, and only once it is NotReady', async () => {
    const { id } = await containerInstance();
    await reconcile(nodes, id);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));

    await reconcile(nodes, id);
    expect(await node(id)).toBeDefined();

    await setReady(id, 'False');
    expect(await reconcile(nodes, id)).toEqual({});
    expect(await node(id)).toBeUndefined();
    expect((await events(id)).map((e) => e.reason)).toContain('DeletingNode');
    expect((await events(id)).find((e) => e.reason === 'DeletingNode')?.message).toBe(`Deleting node ${id} because it does not exist in the cloud provider`);
  });

  it('deletes a NotReady node whose container instance left the cluster', async () => {
    const { id, arn } = await containerInstance();
    await reconcile(nodes, id);
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: CLUSTER, containerInstance: arn, force: true }));
    await setReady(id, 'False');
    await reconcile(nodes, id);
    expect(await node(id)).toBeUndefined();
  });

  it('deletes a NotReady node whose instance EC2 does not know', async () => {
    const id = 'i-0aaaaaaaaaaaaaaa1';
    await create(ctx, R.nodes, undefined, ec2Node(id, { ready: 'Unknown' }));
    await reconcile(nodes, id);
    expect(await node(id)).toBeUndefined();
  });

  it('taints a NotReady node whose instance is stopped and untaints it when it runs again', async () => {
    const { id } = await containerInstance();
    await reconcile(nodes, id);
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await setReady(id, 'False');

    // NotReady: looked at again soon, as upstream's lifecycle monitor polls.
    expect((await reconcile(nodes, id)).requeueAfterSeconds).toBeGreaterThan(0);
    expect((await node(id))?.spec?.taints).toEqual([{ key: TAINT_SHUTDOWN, effect: 'NoSchedule' }]);

    await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    await reconcile(nodes, id);
    expect((await node(id))?.spec?.taints).toBeUndefined();
  });

  it('leaves Fargate virtual nodes alone', async () => {
    await create(ctx, R.nodes, undefined, ec2Node('fargate-us-east-1a', { computeType: 'fargate', ready: 'False' }));
    expect(await reconcile(nodes, 'fargate-us-east-1a')).toEqual({});
    await reconcile(routes, 'fargate-us-east-1a');
    const n = await node('fargate-us-east-1a');
    expect(n?.spec?.providerID).toBeUndefined();
    expect(n?.status?.conditions?.map((c) => c.type)).toEqual(['Ready']);
    expect((await nodes.resync?.(ctx))?.map((k) => k.name)).not.toContain('fargate-us-east-1a');
  });

  it('reports a node without an instance id as a Warning event', async () => {
    await create(ctx, R.nodes, undefined, ec2Node('not-an-instance'));
    expect(await reconcile(nodes, 'not-an-instance')).toEqual({});
    expect((await events('not-an-instance')).map((e) => [e.type, e.reason])).toEqual([['Warning', 'SyncNodeFailed']]);
  });

  it('turns throttling into a Warning event and a retry with backoff, then initializes', async () => {
    const { id } = await containerInstance();
    const mock = mockClient(ec2);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    mock.on(DescribeInstancesCommand).rejects(throttled);
    try {
      expect(await reconcile(nodes, id)).toEqual({ requeueAfterSeconds: 5 });
      expect(await reconcile(nodes, id)).toEqual({ requeueAfterSeconds: 10 });
      const warnings = (await events(id)).filter((e) => e.type === 'Warning');
      expect(warnings[0]).toMatchObject({ reason: 'SyncNodeFailed', message: 'failed to initialize node with cloud provider: DescribeInstances: RequestLimitExceeded: Rate exceeded' });
    } finally {
      mock.restore();
    }
    await reconcile(nodes, id);
    expect((await node(id))?.spec?.providerID).toMatch(/^aws:\/\/\//);
  });
});
