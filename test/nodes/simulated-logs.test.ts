import { Container } from '../../shared/api/types';
import { SimulatedLogs, SIMULATOR_PREFIX } from '../../shared/nodes/simulated/logs';
import { RuntimeTiming, Sandbox } from '../../shared/nodes/simulated/runtime';
import { sandboxStatus } from '../../shared/nodes/simulated/pod-status';

const timing: RuntimeTiming = { containerCreatingMs: 0, exitAfterMs: 1000, backoff: { initialMs: 10_000, maxMs: 40_000 }, stopMs: 200 };
const T0 = Date.parse('2026-01-01T00:00:00Z');

function crashing(logs: SimulatedLogs): Sandbox {
  const app: Container = { name: 'app', image: 'busybox', command: ['sh', '-c', 'exit 3'] };
  return new Sandbox({ uid: 'u1', namespace: 'default', name: 'p', restartPolicy: 'Always', initContainers: [], containers: [app] }, '10.244.1.2', T0, timing, undefined, (id, at, text) =>
    logs.record('default/p', id, at, text),
  );
}

const ref = (containerID: string) => ({ namespace: 'default', pod: 'p', container: 'app', containerID });

describe('SimulatedLogs', () => {
  it('records what the runtime did to each run, under that run\'s container ID', async () => {
    const logs = new SimulatedLogs();
    const sb = crashing(logs);
    sb.advance(T0 + 1500); // started, exited (3), restarted at once
    const status = sandboxStatus(sb, '172.18.0.2', T0 + 1500).containerStatuses?.[0];
    const previous = status?.lastState?.terminated?.containerID as string;
    const current = status?.containerID as string;
    expect(previous).not.toBe(current);

    const first = await logs.read(ref(previous), {});
    expect(first.lines.map((l) => l.text)).toEqual([
      `${SIMULATOR_PREFIX} started container "app": image docker.io/library/busybox:latest, command ["sh","-c","exit 3"]; the command does not really run, in this simulation it exits with code 3`,
      `${SIMULATOR_PREFIX} container "app" exited with code 3`,
    ]);
    expect(first.lines.map((l) => l.time)).toEqual([T0, T0 + 1000]);
    const second = await logs.read(ref(current), {});
    expect(second.lines[0].text).toContain('(restart 1, after exit code 3)');
  });

  it('continues after a cursor with only the lines written since', async () => {
    const logs = new SimulatedLogs();
    const sb = crashing(logs);
    sb.advance(T0 + 10);
    const id = sandboxStatus(sb, '172.18.0.2', T0 + 10).containerStatuses?.[0].containerID as string;
    const page = await logs.read(ref(id), {});
    expect(page.lines).toHaveLength(1);
    sb.advance(T0 + 1000);
    const next = await logs.read(ref(id), { cursor: page.cursor });
    expect(next.lines.map((l) => l.text)).toEqual([`${SIMULATOR_PREFIX} container "app" exited with code 3`]);
  });

  it('says plainly when a run is unknown to it, and forgets a pod', async () => {
    const logs = new SimulatedLogs();
    logs.record('default/p', 'skiff-sim://a', T0, 'x');
    logs.forget('default/p');
    const page = await logs.read(ref('skiff-sim://a'), {});
    expect(page.lines).toHaveLength(1);
    expect(page.lines[0].text).toMatch(/no output recorded for container "app"/);
  });
});
