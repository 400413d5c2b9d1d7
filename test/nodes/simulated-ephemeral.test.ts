import type { ContainerStatus, EphemeralContainer } from '../../shared/api/types';
import { EphemeralRuns } from '../../shared/nodes/simulated/ephemeral';
import { containerIdOf } from '../../shared/nodes/simulated/runtime';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const debuggerSpec: EphemeralContainer = { name: 'debugger', image: 'busybox', targetContainerName: 'app' };

function recorder() {
  const lines: { id: string; at: number; text: string }[] = [];
  return { lines, log: (id: string, at: number, text: string) => void lines.push({ id, at, text }) };
}

describe('EphemeralRuns', () => {
  it('has no statuses for a pod without ephemeral containers', () => {
    expect(new EphemeralRuns('u1', () => undefined).statuses([], false, T0)).toBeUndefined();
  });

  it('starts an ephemeral container when first seen and logs the start under its container ID', () => {
    const { lines, log } = recorder();
    const runs = new EphemeralRuns('u1', log);
    const [status] = runs.statuses([debuggerSpec], false, T0) ?? [];
    expect(status).toMatchObject({
      name: 'debugger',
      ready: false,
      restartCount: 0,
      image: 'docker.io/library/busybox:latest',
      containerID: containerIdOf('u1', 'debugger', 0),
      state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
    });
    expect(lines).toEqual([
      {
        id: containerIdOf('u1', 'debugger', 0),
        at: T0,
        text: 'started ephemeral container "debugger": image docker.io/library/busybox:latest, the image\'s default command, targeting container "app"; the command does not really run, in this simulation it runs until the pod ends',
      },
    ]);
    runs.statuses([debuggerSpec], false, T0 + 5000);
    expect(lines).toHaveLength(1);
  });

  it.each([
    { name: 'a command and args', spec: { name: 'd', image: 'busybox:1.36', command: ['sh'], args: ['-c', 'sleep 1'] }, text: 'image docker.io/library/busybox:1.36, command ["sh","-c","sleep 1"]; ' },
    { name: 'no target', spec: { name: 'd', image: 'busybox' }, text: "the image's default command; " },
  ])('describes $name in the start line', ({ spec, text }) => {
    const { lines, log } = recorder();
    new EphemeralRuns('u1', log).statuses([spec], false, T0);
    expect(lines[0].text).toContain(text);
  });

  it('terminates every started ephemeral container once the pod has ended, logging it once', () => {
    const { lines, log } = recorder();
    const runs = new EphemeralRuns('u1', log);
    runs.statuses([debuggerSpec], false, T0);
    const [ended] = runs.statuses([debuggerSpec], true, T0 + 1000) ?? [];
    expect(ended.state).toEqual({ terminated: { exitCode: 137, reason: 'Error', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', containerID: containerIdOf('u1', 'debugger', 0) } });
    runs.statuses([debuggerSpec], true, T0 + 2000);
    expect(lines.map((l) => l.text)).toEqual([expect.stringContaining('started ephemeral container'), 'stopped ephemeral container "debugger": the pod has ended']);
  });

  it('never starts one added after the pod has ended', () => {
    const { lines, log } = recorder();
    const [status] = new EphemeralRuns('u1', log).statuses([debuggerSpec], true, T0) ?? [];
    expect(status.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(lines).toEqual([]);
  });

  it('carries on from the statuses written before a restart of the runner', () => {
    const { lines, log } = recorder();
    const previous: ContainerStatus[] = [{ name: 'debugger', state: { running: { startedAt: '2026-01-01T00:00:00Z' } }, ready: false, restartCount: 0, image: 'busybox', imageID: '' }];
    const runs = new EphemeralRuns('u1', log, previous);
    const [status] = runs.statuses([debuggerSpec], false, T0 + 60_000) ?? [];
    expect(status.state).toEqual({ running: { startedAt: '2026-01-01T00:00:00Z' } });
    expect(lines.map((l) => l.text)).toEqual(['ephemeral container "debugger" adopted after a restart of the simulated runtime; earlier lines were not kept']);
  });
});
