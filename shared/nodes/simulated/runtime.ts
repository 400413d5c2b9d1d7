import { createHash } from 'node:crypto';
import type { Container, ContainerStatus, PodStatus } from '../../api/types';
import { Backoff, restartDelayMs } from './backoff';
import { exitCodeOf, normalizeImage } from './commands';

/** How fast the simulated runtime moves (milliseconds). */
export interface RuntimeTiming {
  /** From the sandbox to the first container start (image pull); 0 starts containers at once. */
  containerCreatingMs: number;
  /** How long a container whose command exits runs before it exits. */
  exitAfterMs: number;
  backoff: Backoff;
  /** The longest a graceful stop takes, whatever the grace period, so deletes stay fast. */
  stopMs: number;
}

export interface Termination {
  exitCode: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** One container's life in the sandbox. Exactly one of running/terminated, or neither (waiting). */
export interface ContainerRun {
  name: string;
  image: string;
  /** command + args as the spec gives them (empty: the image's entrypoint). */
  argv: string[];
  /** The exit code its command ends with; undefined runs until stopped. */
  exitCode?: number;
  restartCount: number;
  /** Terminations so far, for the backoff. */
  failures: number;
  /** When it (re)starts; undefined while it waits for init containers. */
  startAt?: number;
  /** The backoff it waits out before `startAt`, shown as CrashLoopBackOff. */
  backoffMs?: number;
  running?: { startedAt: number; containerID: string };
  terminated?: Termination;
  last?: Termination;
}

export interface SandboxPod {
  uid: string;
  namespace: string;
  name: string;
  restartPolicy: string;
  initContainers: Container[];
  containers: Container[];
}

type Event = { at: number; apply: () => void };

/** Where the runtime writes what it does to a container run (see SimulatedLogs). */
export type RuntimeLog = (containerID: string, at: number, text: string) => void;

/**
 * One pod's containers on a simulated node, as a state machine over time: `advance(now)` applies
 * every transition due by `now` (starts, exits, restarts after backoff, the graceful stop) and
 * says when the next one is due, so the node re-syncs the pod exactly then.
 */
export class Sandbox {
  readonly init: ContainerRun[];
  readonly containers: ContainerRun[];
  /** When the kubelet accepted the pod (status.startTime): kept across an adoption. */
  readonly startTime: number;
  stopAt?: number;
  private stopped = false;

  constructor(
    readonly pod: SandboxPod,
    readonly podIP: string,
    readonly createdAt: number,
    private readonly timing: RuntimeTiming,
    previous?: PodStatus,
    private readonly log: RuntimeLog = () => undefined,
  ) {
    const first = createdAt + timing.containerCreatingMs;
    // Init containers are expected to finish: one whose command we cannot read completes (exit 0).
    this.init = pod.initContainers.map((c) => run(c, exitCodeOf(c) ?? 0));
    this.containers = pod.containers.map((c) => run(c, exitCodeOf(c)));
    if (this.init.length > 0) this.init[0].startAt = first;
    else for (const c of this.containers) c.startAt = first;
    this.startTime = (previous?.startTime && Date.parse(previous.startTime)) || createdAt;
    if (previous) this.adopt(previous);
  }

  get done(): boolean {
    const phase = this.phase();
    return phase === 'Succeeded' || phase === 'Failed';
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Asks the containers to stop by `at` (a graceful delete); an earlier request wins. */
  stop(at: number): void {
    if (this.stopAt === undefined || at < this.stopAt) this.stopAt = at;
  }

  /** Applies every transition due by `now`; returns when the next one is due, if any. */
  advance(now: number): number | undefined {
    for (let i = 0; i < 10_000; i++) {
      const next = this.nextEvent();
      if (!next || next.at > now) return next?.at;
      next.apply();
    }
    return undefined;
  }

  /** The kubelet's getPhase, for containers without probes or sidecars. */
  phase(): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
    for (const c of this.init) {
      if (c.terminated?.exitCode === 0) continue;
      return c.terminated ? 'Failed' : 'Pending';
    }
    let running = 0;
    let waiting = 0;
    let stopped = 0;
    let succeeded = 0;
    for (const c of this.containers) {
      if (c.running) running++;
      else if (c.terminated) {
        stopped++;
        if (c.terminated.exitCode === 0) succeeded++;
      } else if (c.last) stopped++;
      else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (stopped === 0) return 'Pending';
    if (this.pod.restartPolicy === 'Always' && !this.stopped) return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (this.pod.restartPolicy === 'Never' || this.stopped) return 'Failed';
    return 'Running';
  }

  initialized(): boolean {
    return this.init.every((c) => c.terminated?.exitCode === 0);
  }

  private nextEvent(): Event | undefined {
    if (this.stopped) return undefined;
    const events: Event[] = [];
    if (this.stopAt !== undefined) events.push({ at: this.stopAt, apply: () => this.stopAll(this.stopAt as number) });
    const current = this.init.find((c) => c.terminated?.exitCode !== 0);
    if (current) {
      const e = this.eventOf(current, true);
      if (e) events.push(e);
    } else {
      for (const c of this.containers) {
        const e = this.eventOf(c, false);
        if (e) events.push(e);
      }
    }
    return events.reduce<Event | undefined>((a, b) => (!a || b.at < a.at ? b : a), undefined);
  }

  private eventOf(c: ContainerRun, isInit: boolean): Event | undefined {
    if (c.terminated) return undefined;
    if (c.running) {
      if (c.exitCode === undefined) return undefined;
      const at = c.running.startedAt + this.timing.exitAfterMs;
      return { at, apply: () => this.exit(c, at, isInit) };
    }
    if (c.startAt === undefined) return undefined;
    const at = c.startAt;
    return { at, apply: () => this.start(c, at) };
  }

  private start(c: ContainerRun, at: number): void {
    if (c.last) c.restartCount++;
    c.running = { startedAt: at, containerID: containerIdOf(this.pod.uid, c.name, c.restartCount) };
    c.startAt = undefined;
    c.backoffMs = undefined;
    const command = c.argv.length > 0 ? `command ${JSON.stringify(c.argv)}` : "the image's default command";
    const restart = c.restartCount > 0 ? ` (restart ${c.restartCount}, after exit code ${c.last?.exitCode})` : '';
    const ends = c.exitCode === undefined ? 'runs until stopped' : `exits with code ${c.exitCode}`;
    this.log(c.running.containerID, at, `started container "${c.name}"${restart}: image ${normalizeImage(c.image).reference}, ${command}; the command does not really run, in this simulation it ${ends}`);
  }

  private exit(c: ContainerRun, at: number, isInit: boolean): void {
    const ended: Termination = { exitCode: c.exitCode ?? 0, startedAt: c.running?.startedAt ?? at, finishedAt: at, containerID: c.running?.containerID ?? '' };
    c.running = undefined;
    this.log(ended.containerID, at, `container "${c.name}" exited with code ${ended.exitCode}`);
    const policy = this.pod.restartPolicy;
    const restart = isInit ? ended.exitCode !== 0 && policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && ended.exitCode !== 0);
    if (!restart) {
      c.terminated = ended;
      if (isInit && ended.exitCode === 0) this.afterInit(c, at);
      return;
    }
    c.failures++;
    c.last = ended;
    const delay = restartDelayMs(c.failures, this.timing.backoff);
    c.backoffMs = delay > 0 ? delay : undefined;
    c.startAt = at + delay;
  }

  /** Once an init container completes, the next one starts; after the last, the app containers. */
  private afterInit(c: ContainerRun, at: number): void {
    const next = this.init[this.init.indexOf(c) + 1];
    if (next) next.startAt = at;
    else for (const app of this.containers) app.startAt = at;
  }

  private stopAll(at: number): void {
    for (const c of [...this.init, ...this.containers]) {
      if (c.running) {
        c.terminated = { exitCode: 0, startedAt: c.running.startedAt, finishedAt: at, containerID: c.running.containerID };
        this.log(c.running.containerID, at, `stopped container "${c.name}": the pod is being deleted`);
      }
      c.running = undefined;
      c.startAt = undefined;
      c.backoffMs = undefined;
    }
    this.stopped = true;
  }

  /** Carries on from a status written before a restart of the runner: same starts, same restart counts. */
  private adopt(previous: PodStatus): void {
    const carry = (runs: ContainerRun[], statuses: ContainerStatus[] | undefined) => {
      for (const s of statuses ?? []) {
        const c = runs.find((r) => r.name === s.name);
        if (!c) continue;
        c.restartCount = s.restartCount;
        const last = s.lastState?.terminated;
        if (last) c.last = termination(last, s.containerID);
        const running = s.state?.running;
        const done = s.state?.terminated;
        if (running) {
          c.running = { startedAt: Date.parse(running.startedAt ?? '') || this.createdAt, containerID: s.containerID ?? containerIdOf(this.pod.uid, c.name, c.restartCount) };
          c.startAt = undefined;
          this.log(c.running.containerID, this.createdAt, `container "${c.name}" adopted after a restart of the simulated runtime; earlier lines were not kept`);
        } else if (done) {
          c.terminated = termination(done, s.containerID);
          c.startAt = undefined;
        }
      }
    };
    carry(this.init, previous.initContainerStatuses);
    carry(this.containers, previous.containerStatuses);
    // Whatever was still waiting starts over now.
    const current = this.init.find((c) => c.terminated?.exitCode !== 0);
    const waiting = current ? [current] : this.containers;
    for (const c of waiting) if (!c.running && !c.terminated) c.startAt = this.createdAt;
  }
}

function run(c: Container, exitCode: number | undefined): ContainerRun {
  return { name: c.name, image: c.image ?? '', argv: [...(c.command ?? []), ...(c.args ?? [])], exitCode, restartCount: 0, failures: 0 };
}

function termination(t: { exitCode: number; startedAt?: string; finishedAt?: string; containerID?: string }, fallbackId?: string): Termination {
  return { exitCode: t.exitCode, startedAt: Date.parse(t.startedAt ?? '') || 0, finishedAt: Date.parse(t.finishedAt ?? '') || 0, containerID: t.containerID ?? fallbackId ?? '' };
}

/** A container ID that is the same for the same pod, container and restart, like a runtime's 64 hex digits. */
export function containerIdOf(uid: string, name: string, restartCount: number): string {
  return `skiff-sim://${createHash('sha256').update(`${uid}/${name}/${restartCount}`).digest('hex')}`;
}
