import { logger } from '../../logging';

/**
 * The provider's timers: periodic loops (heartbeat, resync), one wake-up per pod for its next
 * transition (a backoff ending, a retry), and the bookkeeping `stop` waits on.
 */
export class Ticker {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly loops = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private running = false;

  constructor(
    private readonly wake: (key: string) => Promise<void>,
    /** Used instead of a timer when the ticker is not running (a Lambda): a delayed requeue. */
    private readonly later?: (key: string, seconds: number) => void,
  ) {}

  start(): void {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.loops) clearTimeout(t);
    this.loops.clear();
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
  }

  /** Wakes `key` at `at` (epoch ms); an earlier wake-up already set covers it. */
  wakeAt(key: string, at: number): void {
    if (!this.running) {
      this.later?.(key, Math.max(0, (at - Date.now()) / 1000));
      return;
    }
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      if (this.running) void this.wake(key);
    }, Math.min(2 ** 31 - 1, Math.max(0, at - Date.now()) + 1));
    this.timers.set(key, { at, timer });
  }

  clear(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t.timer);
    this.timers.delete(key);
  }

  every(ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      this.loops.delete(timer);
      if (!this.running) return;
      void this.track(fn()).finally(() => {
        if (!this.running) return;
        timer = setTimeout(tick, ms);
        this.loops.add(timer);
      });
    };
    let timer = setTimeout(tick, ms);
    this.loops.add(timer);
  }

  /** Runs work in the background: awaited by `stop`, failures logged (the next pass retries). */
  track(p: Promise<void>): Promise<void> {
    const guarded = p.catch((err) => logger.warn('ecs provider sync failed', { error: (err as Error).stack ?? String(err) }));
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
    return guarded;
  }
}
