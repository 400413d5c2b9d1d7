import { DescribeTasksCommand, ECSClient, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { countCalls, FARGATE_NO_CAPACITY, Fault, injectFaults, noCapacity, throttlingException } from '../support/aws-faults';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const CLUSTER = 'e2e-ecs-faults';

interface PodJson {
  metadata: { name: string; uid: string };
  status: { phase?: string; containerStatuses?: { restartCount: number; state?: { waiting?: { reason?: string; message?: string } } }[] };
}

/**
 * What the emulator cannot do, injected into the runner's own ECS client (inside the SDK's retry
 * middleware, so the SDK's retries see it too): RunTask throttled, then Fargate out of capacity.
 * Pods wait with the reason on them and a Warning event, and all start once ECS recovers.
 */
describe('ECS provider under throttling and capacity errors (kubectl, emulator)', () => {
  let c: TestCluster;
  let mode: 'ok' | 'throttle' | 'capacity' = 'ok';
  let calls: Record<string, number> = {};
  const ecs = new ECSClient(awsClientConfig());
  const plan = (op: string, input: Record<string, unknown>): Fault => {
    if (op !== 'RunTask' || mode === 'ok') return undefined;
    return mode === 'throttle' ? throttlingException() : noCapacity(Number(input.count ?? 1));
  };

  beforeAll(async () => {
    await resetAws();
    c = await startCluster(
      { provider: 'ecs', awsEndpoint: awsEndpoint(), ecsCluster: CLUSTER, subnets: [], securityGroups: [] },
      {
        ecsClients: (clients) => {
          calls = countCalls(clients.ecs);
          injectFaults(clients.ecs, plan);
        },
      },
    );
  }, 120_000);
  afterAll(async () => {
    mode = 'ok';
    await c?.stop();
    ecs.destroy();
  });

  const pods = async (selector: string): Promise<PodJson[]> => (JSON.parse((await c.kubectl(['get', 'pods', '-l', selector, '-o', 'json'])).stdout) as { items: PodJson[] }).items;
  const runningTasks = async (): Promise<Task[]> => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    return arns.length ? ((await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns, include: ['TAGS'] }))).tasks ?? []) : [];
  };
  const warnings = async (reason: string): Promise<string> => (await c.kubectl(['get', 'events', '--field-selector', `type=Warning,reason=${reason}`, '-o', 'custom-columns=OBJ:.involvedObject.name,MSG:.message', '--no-headers'])).stdout;

  /** Faults on until a pod shows `shown` as its waiting message; then every pod Running with one task of its own, none Failed or restarted. */
  const delayedThenRunning = async (app: string, replicas: number, shown: string) => {
    await c.kubectl(['create', 'deployment', app, '--image=nginx', `--replicas=${replicas}`]);
    await eventually(async () => (await pods(`app=${app}`)).some((p) => p.status.containerStatuses?.[0]?.state?.waiting?.message?.includes(shown)), 60_000);
    const pending = await pods(`app=${app}`);
    expect(pending.every((p) => p.status.phase === 'Pending')).toBe(true);
    expect(pending.find((p) => p.status.containerStatuses?.[0]?.state?.waiting?.message?.includes(shown))?.status.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');
    await eventually(async () => (await warnings('FailedCreatePodSandBox')).includes(shown), 30_000);
    mode = 'ok';
    await eventually(async () => {
      const ps = await pods(`app=${app}`);
      return ps.length === replicas && ps.every((p) => p.status.phase === 'Running');
    }, 120_000);
    const ps = await pods(`app=${app}`);
    expect(ps.some((p) => p.status.phase === 'Failed')).toBe(false);
    expect(ps.every((p) => p.status.containerStatuses?.every((s) => s.restartCount === 0))).toBe(true);
    const tasks = await runningTasks();
    for (const p of ps) expect(tasks.filter((t) => t.tags?.some((x) => x.key === 'skiff.dev/pod-uid' && x.value === p.metadata.uid))).toHaveLength(1);
  };

  it('keeps pods Pending with the throttling reason and an event while RunTask is throttled, then starts every one', async () => {
    mode = 'throttle';
    const before = calls.RunTask ?? 0;
    await delayedThenRunning('throttled', 12, 'ThrottlingException: Rate exceeded');
    // Each throttled provider attempt is two SDK attempts (the SDK retries once, the provider backs off).
    expect((calls.RunTask ?? 0) - before).toBeGreaterThan(2);
  }, 300_000);

  it('keeps pods Pending with Fargate capacity as the reason, then starts every one', async () => {
    mode = 'capacity';
    await delayedThenRunning('squeezed', 6, FARGATE_NO_CAPACITY);
    // The throttled Deployment's pods kept running throughout.
    expect((await pods('app=throttled')).every((p) => p.status.phase === 'Running')).toBe(true);
  }, 300_000);
});
