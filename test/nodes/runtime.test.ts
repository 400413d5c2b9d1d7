import { Container, PodStatus } from '../../shared/api/types';
import { sandboxStatus } from '../../shared/nodes/simulated/pod-status';
import { RuntimeTiming, Sandbox } from '../../shared/nodes/simulated/runtime';

const timing: RuntimeTiming = { containerCreatingMs: 100, exitAfterMs: 1000, backoff: { initialMs: 10_000, maxMs: 40_000 }, stopMs: 200 };
const T0 = Date.parse('2025-01-01T00:00:00Z');

function sandbox(containers: Container[], restartPolicy = 'Always', initContainers: Container[] = [], previous?: PodStatus): Sandbox {
  return new Sandbox({ uid: 'u1', namespace: 'default', name: 'p', restartPolicy, initContainers, containers }, '10.244.1.2', T0, timing, previous);
}

const app = (command?: string[]): Container => ({ name: 'app', image: 'busybox', ...(command ? { command } : {}) });

/** The container's state kind and restart count after advancing to `at` ms past T0. */
function observe(sb: Sandbox, at: number): [string, string, number] {
  sb.advance(T0 + at);
  const s = sandboxStatus(sb, '172.18.0.2', T0 + at).containerStatuses?.[0];
  const state = s?.state?.running ? 'running' : s?.state?.terminated ? `terminated:${s.state.terminated.exitCode}` : `waiting:${s?.state?.waiting?.reason}`;
  return [sb.phase(), state, s?.restartCount ?? -1];
}

describe('Sandbox', () => {
  it.each<[string, string[] | undefined, string, [number, string, string, number][]]>([
    ['a long-running container', ['sleep', '3600'], 'Always', [
      [50, 'Pending', 'waiting:ContainerCreating', 0],
      [100, 'Running', 'running', 0],
      [1_000_000, 'Running', 'running', 0],
    ]],
    ['exit 0 under Never', ['true'], 'Never', [
      [500, 'Running', 'running', 0],
      [1100, 'Succeeded', 'terminated:0', 0],
    ]],
    ['exit 1 under Never', ['false'], 'Never', [[1100, 'Failed', 'terminated:1', 0]]],
    ['exit 0 under OnFailure', ['true'], 'OnFailure', [[1100, 'Succeeded', 'terminated:0', 0]]],
    ['exit 1 under OnFailure: restarts', ['false'], 'OnFailure', [[1100, 'Running', 'running', 1]]],
    ['exit 2 under Always: immediate first restart, then backoff 10 s, 20 s, capped at 40 s', ['sh', '-c', 'exit 2'], 'Always', [
      [1100, 'Running', 'running', 1],
      [2100, 'Running', 'waiting:CrashLoopBackOff', 1],
      [12_100, 'Running', 'running', 2],
      [13_100, 'Running', 'waiting:CrashLoopBackOff', 2],
      [33_100, 'Running', 'running', 3],
      [34_100 + 40_000, 'Running', 'running', 4],
      [35_100 + 80_000, 'Running', 'running', 5],
    ]],
  ])('%s', (_, command, policy, steps) => {
    const sb = sandbox([app(command)], policy);
    for (const [at, phase, state, restarts] of steps) expect([at, ...observe(sb, at)]).toEqual([at, phase, state, restarts]);
  });

  it('runs init containers one after the other before the app containers', () => {
    const sb = sandbox([app()], 'Always', [{ name: 'one', image: 'busybox', command: ['true'] }, { name: 'two', image: 'busybox', command: ['sh', '-c', 'until nslookup db; do sleep 1; done'] }]);
    sb.advance(T0 + 500);
    expect(sandboxStatus(sb, 'h', T0 + 500).initContainerStatuses?.map((s) => Object.keys(s.state ?? {})[0])).toEqual(['running', 'waiting']);
    expect(sandboxStatus(sb, 'h', T0 + 500).containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    expect(sb.phase()).toBe('Pending');
    sb.advance(T0 + 2200);
    expect(sb.initialized()).toBe(true);
    expect(sb.phase()).toBe('Running');
  });

  it('fails the pod when an init container fails under Never', () => {
    const sb = sandbox([app()], 'Never', [{ name: 'init', image: 'busybox', command: ['false'] }]);
    sb.advance(T0 + 2000);
    expect(sb.phase()).toBe('Failed');
  });

  it('stops within the stop time however long the grace period, and says when it will be done', () => {
    const sb = sandbox([app()]);
    sb.advance(T0 + 500);
    sb.stop(T0 + 500 + timing.stopMs);
    expect(sb.advance(T0 + 600)).toBe(T0 + 700);
    expect(sb.isStopped).toBe(false);
    sb.advance(T0 + 700);
    expect(sb.isStopped).toBe(true);
  });

  it('carries on from a status written before a restart', () => {
    const before = sandbox([app()]);
    before.advance(T0 + 5000);
    const status = sandboxStatus(before, 'h', T0 + 5000);
    const adopted = new Sandbox(before.pod, '10.244.1.2', T0 + 60_000, timing, { ...status, containerStatuses: [{ ...status.containerStatuses![0], restartCount: 4 }] });
    adopted.advance(T0 + 60_000);
    const after = sandboxStatus(adopted, 'h', T0 + 60_000);
    expect(after.startTime).toBe(status.startTime);
    expect(after.containerStatuses?.[0]).toMatchObject({ restartCount: 4, state: status.containerStatuses?.[0]?.state });
  });
});

describe('sandboxStatus', () => {
  it('reports a running pod as the kubelet does', () => {
    const sb = sandbox([app()]);
    sb.advance(T0 + 200);
    const status = sandboxStatus(sb, '172.18.0.2', T0 + 200);
    expect(status).toMatchObject({ phase: 'Running', hostIP: '172.18.0.2', hostIPs: [{ ip: '172.18.0.2' }], podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }], startTime: '2025-01-01T00:00:00Z' });
    expect(status.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True']);
    expect(status.containerStatuses?.[0]).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'docker.io/library/busybox:latest', lastState: {} });
  });

  it('explains an unready pod and a crash loop', () => {
    const sb = sandbox([app(['false'])]);
    sb.advance(T0 + 2200);
    const status = sandboxStatus(sb, 'h', T0 + 2200);
    expect(status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(status.containerStatuses?.[0]?.state?.waiting?.message).toBe('back-off 10s restarting failed container=app pod=p_default(u1)');
    expect(status.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });
});
