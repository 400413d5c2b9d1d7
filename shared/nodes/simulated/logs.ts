import { selectLines } from '../logs/select';
import type { ContainerRef, LogLine, LogPage, LogRead, LogSource } from '../logs/source';

/** How the simulator marks the lines it writes itself: no container process really runs. */
export const SIMULATOR_PREFIX = '[skiff simulated runtime]';

/** Lines kept per container run (the kubelet rotates at 10 MiB; the simulator writes a handful). */
const MAX_LINES = 1000;

/**
 * The simulated container runtime's logs: what it did to each container run (started with which
 * image and command, exited with which code, stopped), recorded when it happened, per pod and
 * containerID (one per restart, so `--previous` reads the run before). Kept in memory for as long
 * as the runtime keeps the pod.
 */
export class SimulatedLogs implements LogSource {
  /** Per run: its kept lines and how many older ones were dropped (cursors count from the first). */
  private readonly runs = new Map<string, { lines: LogLine[]; dropped: number }>();
  private readonly byPod = new Map<string, Set<string>>();

  /** Appends a line to a run's log. */
  record(podKey: string, containerID: string, at: number, text: string): void {
    let run = this.runs.get(containerID);
    if (!run) {
      run = { lines: [], dropped: 0 };
      this.runs.set(containerID, run);
      const ids = this.byPod.get(podKey) ?? new Set<string>();
      ids.add(containerID);
      this.byPod.set(podKey, ids);
    }
    run.lines.push({ time: at, text: `${SIMULATOR_PREFIX} ${text}` });
    if (run.lines.length > MAX_LINES) run.dropped += run.lines.splice(0, run.lines.length - MAX_LINES).length;
  }

  /** Drops the logs of a pod the runtime forgot. */
  forget(podKey: string): void {
    for (const id of this.byPod.get(podKey) ?? []) this.runs.delete(id);
    this.byPod.delete(podKey);
  }

  async read(ref: ContainerRef, opts: LogRead): Promise<LogPage> {
    const run = this.runs.get(ref.containerID);
    if (!run) {
      // A run from before this process started (the runner restarted): its lines were in memory.
      if (opts.cursor !== undefined) return { lines: [], cursor: opts.cursor };
      const note = `${SIMULATOR_PREFIX} no output recorded for container "${ref.container}" (${ref.containerID}): it ran before this simulated runtime started`;
      return { lines: [{ time: Date.now(), text: note }], cursor: 'none' };
    }
    const start = opts.cursor === undefined || opts.cursor === 'none' ? 0 : Number(opts.cursor);
    const fresh = run.lines.slice(Math.max(0, start - run.dropped));
    const selected = opts.cursor === undefined ? selectLines(fresh, opts) : fresh;
    return { lines: selected, cursor: String(run.dropped + run.lines.length) };
  }
}
