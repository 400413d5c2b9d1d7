import path from 'node:path';
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTaskDefinitionsCommand, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const CLUSTER = 'e2e-ecs';

interface PodView {
  name: string;
  uid: string;
  ip?: string;
  phase?: string;
  image: string;
  deleting: boolean;
}

/** The examples walkthrough with the real kubectl against `--provider ecs` on the AWS emulator. */
describe('ECS provider (kubectl, emulator)', () => {
  let c: TestCluster;
  const ecs = new ECSClient(awsClientConfig());

  beforeAll(async () => {
    await resetAws();
    c = await startCluster({ provider: 'ecs', awsEndpoint: awsEndpoint(), ecsCluster: CLUSTER, subnets: [], securityGroups: [] });
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
    ecs.destroy();
  });

  const pods = async (selector?: string): Promise<PodView[]> => {
    const out = JSON.parse((await c.kubectl(['get', 'pods', ...(selector ? ['-l', selector] : []), '-o', 'json'])).stdout) as {
      items: { metadata: { name: string; uid: string; deletionTimestamp?: string }; spec: { containers: { image: string }[] }; status: { podIP?: string; phase?: string } }[];
    };
    return out.items.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid, ip: p.status.podIP, phase: p.status.phase, image: p.spec.containers[0].image, deleting: !!p.metadata.deletionTimestamp }));
  };
  const runningTasks = async (): Promise<Task[]> => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    if (arns.length === 0) return [];
    return ((await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns, include: ['TAGS'] }))).tasks ?? []).filter((t) => t.lastStatus === 'RUNNING');
  };
  /** The pod a task runs for: its pod-uid tag (a batched task's startedBy names its batch). */
  const podUidOf = (t: Task) => t.tags?.find((x) => x.key === 'skiff.dev/pod-uid')?.value;
  const eniIP = (t: Task) => t.attachments?.[0]?.details?.find((d) => d.name === 'privateIPv4Address')?.value;
  /** One RUNNING task per Running pod (and no other), its ENI address the pod's IP. */
  const tasksMatchPods = async (selector: string, count: number, image?: string) => {
    await eventually(async () => {
      const ps = (await pods(selector)).filter((p) => !p.deleting);
      if (ps.length !== count || ps.some((p) => p.phase !== 'Running' || (image && p.image !== image))) return false;
      const byUid = new Map((await runningTasks()).map((t) => [podUidOf(t), t]));
      return ps.every((p) => byUid.get(p.uid) && eniIP(byUid.get(p.uid) as Task) === p.ip);
    }, 120_000);
    const uids = new Set((await pods()).map((p) => p.uid));
    expect((await runningTasks()).every((t) => uids.has(String(podUidOf(t))))).toBe(true);
  };

  it('shows a Ready Fargate node per zone', async () => {
    const out = (await c.kubectl(['get', 'nodes', '-L', 'skiff.dev/compute-type', '--no-headers'])).stdout.trim().split('\n');
    expect(out).toHaveLength(6);
    for (const line of out) expect(line).toMatch(/^fargate-us-east-1[a-f]\s+Ready\s+.*fargate$/);
  });

  it('runs the example pod as a task with its ENI address', async () => {
    await c.kubectl(['apply', '-f', path.join(EXAMPLES, 'myapp-pod.yml')]);
    await tasksMatchPods('app=myapp', 1);
    const wide = (await c.kubectl(['get', 'pod', 'myapp-pod', '-o', 'wide', '--no-headers'])).stdout;
    expect(wide).toMatch(/^myapp-pod\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+fargate-us-east-1[a-f]/);
    const described = (await c.kubectl(['describe', 'pod', 'myapp-pod'])).stdout;
    expect(described).toMatch(/Container ID:\s+ecs:\/\/[0-9a-f-]+\/myapp-container/);
  }, 180_000);

  it('walks the Deployment through scale 2 -> 3, an image change and an undo, tasks following', async () => {
    await c.kubectl(['apply', '-f', path.join(EXAMPLES, 'nginx-deployment.yml')]);
    await tasksMatchPods('app=test-nginx', 2, 'nginx:latest');
    await c.kubectl(['scale', 'deployment/test-nginx-deployment', '--replicas=3']);
    await tasksMatchPods('app=test-nginx', 3, 'nginx:latest');
    await c.kubectl(['set', 'image', 'deployment/test-nginx-deployment', 'test-nginx-container=nginx:1.27']);
    await tasksMatchPods('app=test-nginx', 3, 'nginx:1.27');
    await c.kubectl(['rollout', 'undo', 'deployment/test-nginx-deployment']);
    await tasksMatchPods('app=test-nginx', 3, 'nginx:latest');
    const family = (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'skiff-default-test-nginx-deployment' }))).taskDefinitionArns ?? [];
    // One revision per template revision (the undo re-used the first one's), not one per pod.
    expect(family.length).toBeGreaterThanOrEqual(2);
    expect(family.length).toBeLessThanOrEqual(3);
    await c.kubectl(['scale', 'deployment/test-nginx-deployment', '--replicas=1']);
    await tasksMatchPods('app=test-nginx', 1, 'nginx:latest');
  }, 400_000);

  it('keeps Secret values out of every task definition', async () => {
    await c.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cr3t-value-xyz']);
    await c.kubectl(['run', 'with-secret', '--image=nginx', '--overrides', JSON.stringify({ spec: { containers: [{ name: 'with-secret', image: 'nginx', env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }] } })]);
    await eventually(async () => (await pods('run=with-secret'))[0]?.phase === 'Running', 60_000);
    const defs = (await ecs.send(new ListTaskDefinitionsCommand({}))).taskDefinitionArns ?? [];
    for (const arn of defs) expect(JSON.stringify(await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn })))).not.toContain('s3cr3t-value-xyz');
  }, 120_000);

  it('gives an impossible pod a Warning event while others run', async () => {
    await c.kubectl(['run', 'privileged', '--image=nginx', '--privileged']);
    await c.kubectl(['run', 'ordinary', '--image=nginx']);
    await eventually(async () => (await pods('run=ordinary'))[0]?.phase === 'Running', 60_000);
    await eventually(async () => (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=privileged'])).stdout.includes('UnsupportedPodSpec'), 30_000);
    const [bad] = await pods('run=privileged');
    expect(bad?.phase).toBe('Pending');
    expect((await runningTasks()).some((t) => podUidOf(t) === bad?.uid)).toBe(false);
  }, 120_000);
});
