import { keyString, WorkEvent, WorkKey } from '../shared/runtime/work';

/** How many requeued keys one local delivery carries (the SQS event source takes 10 per batch on AWS). */
const BATCH = 100;

/**
 * One consumer's work that is not stream records: requeued keys and periodic resyncs. On AWS these
 * arrive through an SQS queue and an EventBridge schedule with bounded concurrency; locally they
 * are delivered one batch at a time, a key requeued twice is delivered once (at the earlier time),
 * and a resync asked for while one is waiting is the same resync. However many keys come due at
 * once (a thousand nodes' heartbeat deadlines), the consumer sees them as a queue, never as a
 * thousand simultaneous invocations.
 */
export class WorkLane {
  private readonly due = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly ready = new Map<string, WorkKey>();
  private resync = false;
  private busy = false;
  private stopped = false;
  private paused = false;

  constructor(
    private readonly deliver: (event: WorkEvent) => Promise<unknown>,
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  /** Reconcile `key` again after `ms`. */
  after(key: WorkKey, ms: number): void {
    if (this.stopped) return;
    const id = keyString(key);
    const at = Date.now() + ms;
    const pending = this.due.get(id);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.due.delete(id);
      this.ready.set(id, key);
      this.kick();
    }, ms);
    this.due.set(id, { at, timer });
  }

  requestResync(): void {
    this.resync = true;
    this.kick();
  }

  /** Keys waiting for their time plus keys ready to deliver. */
  get size(): number {
    return this.due.size + this.ready.size;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    for (const { timer } of this.due.values()) clearTimeout(timer);
    this.due.clear();
    this.ready.clear();
  }

  private kick(): void {
    if (this.busy || this.stopped || this.paused || (this.ready.size === 0 && !this.resync)) return;
    this.busy = true;
    this.track(this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && !this.paused && (this.ready.size > 0 || this.resync)) {
        const ids = [...this.ready.keys()].slice(0, BATCH);
        const keys = ids.map((id) => this.ready.get(id) as WorkKey);
        for (const id of ids) this.ready.delete(id);
        const resync = this.resync;
        this.resync = false;
        await this.deliver({ source: 'skiff.work', keys, ...(resync ? { resync } : {}) });
      }
    } finally {
      this.busy = false;
    }
  }
}
