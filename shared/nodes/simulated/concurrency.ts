/**
 * At most one sync per key at a time. A request while one runs is folded into a single re-run
 * after it (which re-reads state), so bursts of stream records and timers cost one pass each.
 */
export class KeyedSerial {
  private readonly busy = new Map<string, { again: boolean; done: Promise<void> }>();

  run(key: string, first: () => Promise<void>, again: () => Promise<void>): Promise<void> {
    const running = this.busy.get(key);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    this.busy.set(key, entry);
    entry.done = (async () => {
      try {
        await first();
        while (entry.again) {
          entry.again = false;
          await again();
        }
      } finally {
        this.busy.delete(key);
      }
    })();
    return entry.done;
  }

  get size(): number {
    return this.busy.size;
  }
}

/** At most `max` tasks at a time; the rest wait their turn in order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
