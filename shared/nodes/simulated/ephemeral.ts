import type { ContainerStatus, EphemeralContainer } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import { imageIdOf, normalizeImage } from './commands';
import { containerIdOf, RuntimeLog } from './runtime';

/**
 * A simulated pod's ephemeral containers (`kubectl debug`): each runs from the moment the kubelet
 * first sees it in the spec until the pod ends, as the kubelet starts them without restarts or
 * probes (so never `ready`). Nothing runs inside them: attach has no stream to offer. What the
 * runtime did to each (started, stopped when the pod ended) goes to its log, as for the pod's
 * own containers, so `kubectl logs -c <debugger>` reads it.
 */
export class EphemeralRuns {
  /** When each ephemeral container (by name) started. */
  private readonly startedAt = new Map<string, number>();
  private readonly stopped = new Set<string>();

  /** `previous`: the statuses written before a restart of the runner, whose starts carry on. */
  constructor(
    private readonly uid: string,
    private readonly log: RuntimeLog,
    previous: ContainerStatus[] = [],
  ) {
    for (const s of previous) {
      const started = Date.parse(s.state?.running?.startedAt ?? '');
      if (!Number.isFinite(started)) continue;
      this.startedAt.set(s.name, started);
      this.log(containerIdOf(uid, s.name, 0), Date.now(), `ephemeral container "${s.name}" adopted after a restart of the simulated runtime; earlier lines were not kept`);
    }
  }

  /** The statuses of `specs` at `now`, starting the new ones (unless the pod has ended) and stopping all once it has. */
  statuses(specs: EphemeralContainer[], podDone: boolean, now: number): ContainerStatus[] | undefined {
    if (specs.length === 0) return undefined;
    return specs.map((c) => {
      const containerID = containerIdOf(this.uid, c.name, 0);
      const image = normalizeImage(c.image ?? '').reference;
      if (!this.startedAt.has(c.name) && !podDone) this.start(c, containerID, image, now);
      const started = this.startedAt.get(c.name);
      if (started === undefined) return { name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image, imageID: '' };
      if (podDone && !this.stopped.has(c.name)) {
        this.stopped.add(c.name);
        this.log(containerID, now, `stopped ephemeral container "${c.name}": the pod has ended`);
      }
      const state = podDone
        ? { terminated: { exitCode: 137, reason: 'Error', startedAt: nowTimestamp(new Date(started)), finishedAt: nowTimestamp(new Date(now)), containerID } }
        : { running: { startedAt: nowTimestamp(new Date(started)) } };
      return { name: c.name, state, lastState: {}, ready: false, restartCount: 0, image, imageID: imageIdOf(c.image ?? ''), containerID };
    });
  }

  private start(c: EphemeralContainer, containerID: string, image: string, now: number): void {
    this.startedAt.set(c.name, now);
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const command = argv.length > 0 ? `command ${JSON.stringify(argv)}` : "the image's default command";
    const target = c.targetContainerName ? `, targeting container "${c.targetContainerName}"` : '';
    this.log(containerID, now, `started ephemeral container "${c.name}": image ${image}, ${command}${target}; the command does not really run, in this simulation it runs until the pod ends`);
  }
}
