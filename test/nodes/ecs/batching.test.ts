import { DescribeTasksCommand, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import { Pod } from '../../../shared/api/types';
import { defaultLogGroup } from '../../../shared/cloud/aws';
import { create, R } from '../../../shared/controllers/client';
import { destroyClients, ecsClients, EcsClients } from '../../../shared/nodes/ecs/clients';
import { EcsNodes } from '../../../shared/nodes/ecs/provider';
import type { RestContext } from '../../../shared/registry/context';
import type { AwsSettings } from '../../../shared/cloud/aws';
import { prepareEcs } from '../../../local/ecs-aws';
import { awsEndpoint, resetAws } from '../../support/aws';
import { countCalls, injectFaults } from '../../support/aws-faults';
import { freshCluster, getPod } from '../support';

const CLUSTER = 'batching-test';
const tagOf = (t: Task, key: string) => t.tags?.find((x) => x.key === key)?.value;

/** Pods of one template started 10 a RunTask call, through the real SDK against the emulator. */
describe('EcsNodes batching', () => {
  let ctx: RestContext;
  let clients: EcsClients;
  let settings: AwsSettings;
  let nodes: EcsNodes;
  let calls: Record<string, number>;
  let failTagging = false;

  beforeAll(async () => {
    await resetAws();
    ctx = { ...(await freshCluster()), fieldManager: 'kubelet' };
    const base = { endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER, subnets: [], securityGroups: [], logGroup: defaultLogGroup(CLUSTER) };
    clients = ecsClients(base);
    calls = countCalls(clients.ecs);
    injectFaults(clients.ecs, (op) => (op === 'TagResource' && failTagging ? Object.assign(new Error('injected'), { name: 'AccessDeniedException' }) : undefined));
    settings = (await prepareEcs(base, clients)).settings;
    nodes = new EcsNodes({ ctx, clients, settings, batchWindowMs: 200 });
    await nodes.registerNodes();
  });
  afterAll(() => destroyClients(clients));

  const replicas = async (rs: string, n: number): Promise<Pod[]> => {
    const out: Pod[] = [];
    for (let i = 0; i < n; i++) {
      const meta = { name: `${rs}-${i}`, namespace: 'default', labels: { 'pod-template-hash': 'h1' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${rs.replace(/-h1$/, '')}-h1`, uid: rs, controller: true }] };
      out.push((await create(ctx, R.pods, 'default', Pod.parse({ apiVersion: 'v1', kind: 'Pod', metadata: meta, spec: { nodeName: 'fargate-us-east-1a', containers: [{ name: 'app', image: 'nginx' }] } }))) as Pod);
    }
    return out;
  };
  const syncAll = (provider: EcsNodes, pods: Pod[]) => Promise.all(pods.map((p) => provider.syncKey(`default/${p.metadata?.name}`)));
  const clusterTasks = async (): Promise<Task[]> => {
    const arns = (await clients.ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    const out: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) out.push(...((await clients.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns.slice(i, i + 100), include: ['TAGS'] }))).tasks ?? []));
    return out;
  };
  const taskIdOfPod = async (p: Pod) => (await getPod(ctx, String(p.metadata?.name)))?.status?.containerStatuses?.[0]?.containerID?.split('/')[2];

  it('starts 12 pods of one template in two RunTask calls, each pod with a task of its own', async () => {
    const pods = await replicas('web-h1', 12);
    const before = calls.RunTask ?? 0;
    await syncAll(nodes, pods);
    expect((calls.RunTask ?? 0) - before).toBe(2);
    const tasks = await clusterTasks();
    expect(tasks).toHaveLength(12);
    for (const p of pods) {
      const mine = tasks.filter((t) => tagOf(t, 'skiff.dev/pod-uid') === p.metadata?.uid);
      expect(mine).toHaveLength(1);
      expect(tagOf(mine[0], 'skiff.dev/pod')).toBe(`default/${p.metadata?.name}`);
      const stored = await getPod(ctx, String(p.metadata?.name));
      const eni = mine[0].attachments?.[0].details?.find((d) => d.name === 'privateIPv4Address')?.value;
      expect(stored?.status).toMatchObject({ phase: 'Running', podIP: eni });
      expect(await taskIdOfPod(p)).toBe(mine[0].taskArn?.split('/').pop());
    }
    // Replayed bindings, to a provider whose memory is gone, start nothing.
    const fresh = new EcsNodes({ ctx, clients, settings });
    await fresh.registerNodes();
    const runs = calls.RunTask;
    await syncAll(fresh, pods);
    expect(calls.RunTask).toBe(runs);
    expect(await clusterTasks()).toHaveLength(12);
  });

  it('finds a batched task whose pod tag never landed again, assigned as at the start, and tags it', async () => {
    failTagging = true;
    const pods = await replicas('api-h1', 3);
    await syncAll(nodes, pods);
    failTagging = false;
    const untagged = (await clusterTasks()).filter((t) => tagOf(t, 'skiff.dev/batch') && !tagOf(t, 'skiff.dev/pod-uid'));
    expect(untagged).toHaveLength(3);
    const assigned = await Promise.all(pods.map(taskIdOfPod));
    const fresh = new EcsNodes({ ctx, clients, settings });
    await fresh.registerNodes();
    const runs = calls.RunTask;
    await syncAll(fresh, pods);
    expect(calls.RunTask).toBe(runs);
    const tasks = await clusterTasks();
    expect(tasks).toHaveLength(15);
    for (const [i, p] of pods.entries()) {
      const mine = tasks.filter((t) => tagOf(t, 'skiff.dev/pod-uid') === p.metadata?.uid);
      expect(mine.map((t) => t.taskArn?.split('/').pop())).toEqual([assigned[i]]);
    }
  });

  it('never shares a call between pods whose overrides differ (fieldRef env)', async () => {
    const pods: Pod[] = [];
    for (const name of ['env-a', 'env-b']) {
      pods.push((await create(ctx, R.pods, 'default', Pod.parse({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: 'fargate-us-east-1b', containers: [{ name: 'app', image: 'nginx', env: [{ name: 'ME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }] } }))) as Pod);
    }
    const before = calls.RunTask;
    await syncAll(nodes, pods);
    expect(calls.RunTask - before).toBe(2);
    const tasks = await clusterTasks();
    for (const p of pods) {
      const [mine] = tasks.filter((t) => tagOf(t, 'skiff.dev/pod-uid') === p.metadata?.uid);
      expect(mine.startedBy).toBe(p.metadata?.uid);
      expect(mine.overrides?.containerOverrides?.[0]?.environment).toEqual([{ name: 'ME', value: p.metadata?.name }]);
    }
  });
});
