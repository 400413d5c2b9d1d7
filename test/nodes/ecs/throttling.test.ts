import { DescribeClustersCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListContainerInstancesCommand, ListTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { Pod } from '../../../shared/api/types';
import { create, R } from '../../../shared/controllers/client';
import { destroyClients, ecsClients, EcsClients } from '../../../shared/nodes/ecs/clients';
import { EcsNodes } from '../../../shared/nodes/ecs/provider';
import type { RestContext } from '../../../shared/registry/context';
import { prepareEcs } from '../../../local/ecs-aws';
import { awsEndpoint, resetAws } from '../../support/aws';
import { eventually, freshCluster, getPod } from '../support';

const TASK = 'arn:aws:ecs:us-east-1:123456789012:task/throttled/0123456789abcdef';

/** What the emulator cannot produce: ECS throttling RunTask, and a capacity failure, then recovering. */
describe('EcsNodes under throttling and capacity errors', () => {
  let ctx: RestContext;
  let clients: EcsClients;
  let nodes: EcsNodes;
  const ecs = () => mockClient(clients.ecs as ECSClient);

  beforeAll(async () => {
    await resetAws();
    ctx = { ...(await freshCluster()), fieldManager: 'kubelet' };
    // What the root-CA publisher puts in every namespace: pods' kube-api-access volumes read it.
    await create(ctx, R.configmaps, 'default', { metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': 'test CA' } });
    const base = { endpoint: awsEndpoint(), region: 'us-east-1', cluster: 'throttled', subnets: [], securityGroups: [], logGroup: '/skiff/throttled/pods' };
    clients = ecsClients(base);
    const { settings } = await prepareEcs(base, clients);
    nodes = new EcsNodes({ ctx, clients, settings });
  });
  afterAll(() => destroyClients(clients));

  it.each([
    ['ThrottlingException', () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }), 'ThrottlingException: Rate exceeded'],
    ['no capacity', undefined, 'Capacity is unavailable at this time'],
  ])('keeps a pod Pending with the reason through %s, then starts it', async (_what, error, shown) => {
    const mock = ecs();
    mock.on(DescribeClustersCommand).resolves({ clusters: [{ status: 'ACTIVE' }] });
    mock.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
    mock.on(ListTasksCommand).resolves({ taskArns: [] });
    mock.on(DescribeTasksCommand).resolves({ tasks: [] });
    mock.on(DescribeTaskDefinitionCommand).resolves({});
    mock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/x:1' } });
    const name = `p-${error ? 'throttle' : 'capacity'}`;
    const uid = (await create(ctx, R.pods, 'default', Pod.parse({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'fargate-us-east-1a', containers: [{ name: 'app', image: 'nginx' }] } })))?.metadata.uid;
    const running = { tasks: [{ taskArn: `${TASK}${name}`, startedBy: uid as string, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', tags: [{ key: 'skiff.dev/pod', value: `default/${name}` }] }] };
    const run = mock.on(RunTaskCommand);
    if (error) run.rejectsOnce(error()).rejectsOnce(error()).resolves(running);
    else run.resolvesOnce({ tasks: [], failures: [{ arn: 'x', reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' }] }).resolves(running);
    await nodes.registerNodes();
    await nodes.syncKey(`default/${name}`);
    const pending = (await getPod(ctx, name))?.status;
    expect(pending?.phase).toBe('Pending');
    expect(pending?.containerStatuses?.[0].state?.waiting).toMatchObject({ reason: 'ContainerCreating', message: expect.stringContaining(shown) });
    await eventually(async () => {
      await nodes.syncKey(`default/${name}`);
      return (await getPod(ctx, name))?.status?.phase === 'Running';
    });
    expect(mock.commandCalls(RunTaskCommand).length).toBe(error ? 3 : 2);
    expect(mock.commandCalls(RunTaskCommand)[0].args[0].input.clientToken).toBe(`${uid}-0`);
    mock.restore();
  });
});
