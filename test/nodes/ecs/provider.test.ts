import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTasksCommand, RunTaskCommand, Task } from '@aws-sdk/client-ecs';
import { GetSecretValueCommand, ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import type { SQSEvent } from 'aws-lambda';
import { Pod } from '../../../shared/api/types';
import { create, get, list, R, remove, resource } from '../../../shared/controllers/client';
import { defaultLogGroup } from '../../../shared/cloud/aws';
import { destroyClients, ecsClients, EcsClients } from '../../../shared/nodes/ecs/clients';
import { handleTaskEvents } from '../../../shared/nodes/ecs/consumer';
import { EcsNodes } from '../../../shared/nodes/ecs/provider';
import { eventOfTask } from '../../../shared/nodes/ecs/task-event';
import type { RestContext } from '../../../shared/registry/context';
import type { KubeObject } from '../../../shared/registry/resource';
import { prepareEcs } from '../../../local/ecs-aws';
import { awsEndpoint, resetAws } from '../../support/aws';
import { eventually, freshCluster, getPod } from '../support';

const CLUSTER = 'provider-test';

/** The ECS provider against the AWS emulator through the real SDK, on DynamoDB Local. */
describe('EcsNodes', () => {
  let ctx: RestContext;
  let clients: EcsClients;
  let nodes: EcsNodes;

  beforeAll(async () => {
    await resetAws();
    ctx = { ...(await freshCluster()), fieldManager: 'kubelet' };
    // What the root-CA publisher puts in every namespace: pods' kube-api-access volumes read it.
    await create(ctx, R.configmaps, 'default', { metadata: { name: 'kube-root-ca.crt', namespace: 'default' }, data: { 'ca.crt': 'test CA' } });
    const base = { endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER, subnets: [], securityGroups: [], logGroup: defaultLogGroup(CLUSTER) };
    clients = ecsClients(base);
    const { settings } = await prepareEcs(base, clients);
    nodes = new EcsNodes({ ctx, clients, settings, backoff: { initialMs: 200, maxMs: 400 } });
    await nodes.registerNodes();
  });
  afterAll(() => destroyClients(clients));

  const tasksOf = async (uid: string, desiredStatus: 'RUNNING' | 'STOPPED' = 'RUNNING'): Promise<Task[]> => {
    const arns = (await clients.ecs.send(new ListTasksCommand({ cluster: CLUSTER, startedBy: uid, desiredStatus }))).taskArns ?? [];
    return arns.length ? ((await clients.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns, include: ['TAGS'] }))).tasks ?? []) : [];
  };
  const bound = async (name: string, spec: object, node = 'fargate-us-east-1a'): Promise<Pod> =>
    (await create(ctx, R.pods, 'default', Pod.parse({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }], ...spec } }))) as Pod;
  const sync = (name: string) => nodes.syncKey(`default/${name}`);

  it('registers a Fargate node per zone of the subnets, with the well-known labels and a Lease', async () => {
    const names = (await list(ctx, R.nodes)).map((n) => String(n.metadata.name)).sort();
    expect(names).toEqual(['fargate-us-east-1a', 'fargate-us-east-1b', 'fargate-us-east-1c', 'fargate-us-east-1d', 'fargate-us-east-1e', 'fargate-us-east-1f']);
    const node = await get(ctx, R.nodes, undefined, 'fargate-us-east-1a');
    expect(node?.metadata.labels).toMatchObject({ 'topology.kubernetes.io/zone': 'us-east-1a', 'topology.kubernetes.io/region': 'us-east-1', 'skiff.dev/compute-type': 'fargate', 'kubernetes.io/os': 'linux' });
    expect(await get(ctx, R.leases, 'kube-node-lease', 'fargate-us-east-1a')).toBeDefined();
  });

  it('runs a bound pod as one task: Running, the ENI address as pod IP, containerIDs naming the task', async () => {
    const pod = await bound('web', { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    await sync('web');
    const [task] = await tasksOf(String(pod.metadata?.uid));
    expect(task.tags).toEqual(expect.arrayContaining([{ key: 'skiff.dev/pod', value: 'default/web' }]));
    const stored = await getPod(ctx, 'web');
    const eni = task.attachments?.[0].details?.find((d) => d.name === 'privateIPv4Address')?.value;
    expect(stored?.status).toMatchObject({ phase: 'Running', podIP: eni });
    expect(stored?.status?.containerStatuses?.[0].containerID).toBe(`ecs://${task.taskArn?.split('/').pop()}/app`);
    // A replayed record starts no second task, even with the provider's memory gone.
    const fresh = new EcsNodes({ ctx, clients, settings: { endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER, subnets: task.attachments?.[0].details?.filter((d) => d.name === 'subnetId').map((d) => String(d.value)) ?? [], securityGroups: ['sg-x'], logGroup: '/x' } });
    await fresh.registerNodes();
    await fresh.syncKey('default/web');
    await sync('web');
    expect(await tasksOf(String(pod.metadata?.uid))).toHaveLength(1);
  });

  it('passes Secrets through Secrets Manager only, never as a value in the task definition', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('hunter2-very-secret').toString('base64') } };
    await create(ctx, resource('', 'v1', 'secrets'), 'default', secret);
    const pod = await bound('uses-secret', { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }], volumes: [{ name: 's', secret: { secretName: 'db' } }] });
    await sync('uses-secret');
    const [task] = await tasksOf(String(pod.metadata?.uid));
    const def = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }));
    expect(JSON.stringify(def)).not.toContain('hunter2');
    expect(JSON.stringify(task)).not.toContain('hunter2');
    const app = def.taskDefinition?.containerDefinitions?.find((c) => c.name === 'app');
    expect(app?.secrets?.[0].valueFrom).toMatch(/^arn:aws:secretsmanager:.*:secret:skiff\/provider-test\/default\/db-.*:password::$/);
    const entry = await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'skiff/provider-test/default/db' }));
    expect(JSON.parse(String(entry.SecretString))).toEqual({ password: 'hunter2-very-secret' });
  });

  it('shares one task definition revision between pods of one template', async () => {
    const owner = (name: string) => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'tmpl-7c9', uid: 'rs', controller: true }], labels: { 'pod-template-hash': '7c9' }, name, namespace: 'default' });
    const arns: string[] = [];
    for (const name of ['tmpl-7c9-a', 'tmpl-7c9-b']) {
      const p = (await create(ctx, R.pods, 'default', Pod.parse({ apiVersion: 'v1', kind: 'Pod', metadata: owner(name), spec: { nodeName: 'fargate-us-east-1b', containers: [{ name: 'app', image: 'nginx', env: [{ name: 'ME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } }))) as Pod;
      await sync(name);
      arns.push(String((await tasksOf(String(p.metadata?.uid)))[0]?.taskDefinitionArn));
    }
    expect(arns[0]).toBe(arns[1]);
    expect(arns[0]).toContain(':task-definition/skiff-default-tmpl:');
  });

  it('stops the task of a deleted pod, and deletes the pod once the task is STOPPED', async () => {
    const pod = await bound('doomed', {});
    await sync('doomed');
    await remove(ctx, R.pods, pod as KubeObject, { gracePeriodSeconds: 30 });
    await sync('doomed');
    expect(await getPod(ctx, 'doomed')).toBeUndefined();
    expect((await tasksOf(String(pod.metadata?.uid), 'STOPPED'))[0]).toMatchObject({ lastStatus: 'STOPPED' });
  });

  it('maps fed STOPPED events through the handler: Failed under Never, restarted under Always', async () => {
    const never = await bound('once', { restartPolicy: 'Never' });
    const always = await bound('again', {});
    await sync('once');
    await sync('again');
    const feed = async (pod: Pod, exitCode: number) => {
      const [task] = await tasksOf(String(pod.metadata?.uid));
      const stopped: Task = { ...task, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: new Date(), containers: [{ name: 'app', lastStatus: 'STOPPED', exitCode }], version: 5 };
      const event: SQSEvent = { Records: [{ messageId: 'm1', body: JSON.stringify(eventOfTask(stopped)), eventSource: 'aws:sqs' } as SQSEvent['Records'][number]] };
      expect(await handleTaskEvents(nodes, event)).toEqual({ batchItemFailures: [] });
    };
    await feed(never, 1);
    await feed(always, 2);
    expect((await getPod(ctx, 'once'))?.status).toMatchObject({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 1, reason: 'Error' } } }] });
    await eventually(async () => (await tasksOf(String(always.metadata?.uid))).length === 2);
    await sync('again');
    await eventually(async () => (await getPod(ctx, 'again'))?.status?.containerStatuses?.[0].restartCount === 1);
    expect((await getPod(ctx, 'again'))?.status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('resync stops a task whose pod is gone and prunes unused Secret entries', async () => {
    const [someTask] = (await clients.ecs.send(new ListTasksCommand({ cluster: CLUSTER }))).taskArns ?? [];
    const described = (await clients.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [someTask] }))).tasks?.[0];
    const orphan = await clients.ecs.send(
      new RunTaskCommand({ cluster: CLUSTER, taskDefinition: described?.taskDefinitionArn, launchType: 'FARGATE', startedBy: 'gone', tags: [{ key: 'skiff.dev/pod-uid', value: 'gone' }], networkConfiguration: { awsvpcConfiguration: { subnets: described?.attachments?.[0].details?.filter((d) => d.name === 'subnetId').map((d) => String(d.value)), securityGroups: ['sg-1'] } } }),
    );
    const pod = await getPod(ctx, 'uses-secret');
    await remove(ctx, R.pods, pod as KubeObject, { gracePeriodSeconds: 0 });
    await nodes.resync();
    const after = (await clients.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [String(orphan.tasks?.[0].taskArn)] }))).tasks?.[0];
    expect(after?.desiredStatus).toBe('STOPPED');
    const left = (await clients.secrets.send(new ListSecretsCommand({}))).SecretList?.map((s) => s.Name);
    expect(left).not.toContain('skiff/provider-test/default/db');
  });

  it('warns about a pod ECS cannot run and never starts it, while others start', async () => {
    const bad = await bound('privileged', { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true } }] });
    const good = await bound('fine', {});
    await sync('privileged');
    await sync('fine');
    expect(await tasksOf(String(bad.metadata?.uid))).toHaveLength(0);
    expect(await tasksOf(String(good.metadata?.uid))).toHaveLength(1);
    const status = (await getPod(ctx, 'privileged'))?.status;
    expect(status?.phase).toBe('Pending');
    expect(status?.conditions?.find((c) => c.type === 'ecs.skiff.dev/Runnable')?.message).toContain('spec.containers[0].securityContext.privileged');
    const events = (await list(ctx, R.events, 'default')).filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === 'privileged');
    expect(events.map((e) => (e as { reason?: string; type?: string }).reason)).toContain('UnsupportedPodSpec');
  });
});
