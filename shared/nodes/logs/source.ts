/**
 * Where `kubectl logs` reads a container's output, whatever runs it. The API server picks the
 * source by the scheme of the container's `containerID` (`ecs://<task-id>/<container>` for ECS
 * tasks, `skiff-sim://<digest>` for simulated containers), so pods/log needs no knowledge of
 * node providers.
 */
export interface LogLine {
  /** When the line was written (Unix ms), as the runtime recorded it. */
  time: number;
  /** The line without its trailing newline. */
  text: string;
}

/** One run of one container: what a containerID names. */
export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
  containerID: string;
}

export interface LogRead {
  /** Only lines written at or after this time (Unix ms). */
  since?: number;
  /** Only the last N lines (after `since`). */
  tail?: number;
  /** Continue after a previous read (follow): the cursor that read returned. */
  cursor?: string;
}

export interface LogPage {
  lines: LogLine[];
  /** Where the next read (of lines written later) starts. */
  cursor: string;
}

export interface LogSource {
  /** Lines of the container run, oldest first. */
  read(ref: ContainerRef, opts: LogRead): Promise<LogPage>;
}

/** Sources by containerID scheme (`ecs`, `skiff-sim`). */
export type LogSources = Readonly<Record<string, LogSource>>;

/** `ecs://abc/web` -> `ecs`; undefined when the ID has no scheme. */
export function containerIdScheme(containerID: string): string | undefined {
  const i = containerID.indexOf('://');
  return i > 0 ? containerID.slice(0, i) : undefined;
}
