/** One counter increment: moves a resource's counter by `count` and returns the counter's new value. */
export type Increment = (resource: string, count: number) => Promise<number>;

interface Waiter {
  count: number;
  resolve(last: number): void;
  reject(err: unknown): void;
}

interface Queue {
  busy: boolean;
  waiting: Waiter[];
}

/**
 * Revisions taken from a resource's counter, at most one increment in flight per resource: a
 * writer that asks while one is in flight waits for it and joins the next, which takes what every
 * waiter asked for at once (`ADD rev n1+n2+...`) and hands each its own contiguous range, in the
 * order they asked. Each writer owns exactly the revisions it would have taken with an increment
 * of its own, so readers and the gap protocol see no difference (docs/storage.md, "Committing a
 * write"); under concurrency the counter item takes one write per round instead of one per writer.
 * A lone writer's increment goes out at once, as before.
 */
export class CoalescedCounter {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly increment: Increment) {}

  /** Takes the next `count` revisions of a resource; returns the last of them. */
  take(resource: string, count: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let queue = this.queues.get(resource);
      if (!queue) this.queues.set(resource, (queue = { busy: false, waiting: [] }));
      queue.waiting.push({ count, resolve, reject });
      if (!queue.busy) this.flush(resource, queue);
    });
  }

  private flush(resource: string, queue: Queue): void {
    const batch = queue.waiting.splice(0);
    if (batch.length === 0) {
      queue.busy = false;
      this.queues.delete(resource);
      return;
    }
    queue.busy = true;
    const total = batch.reduce((sum, w) => sum + w.count, 0);
    this.increment(resource, total).then(
      (last) => {
        let end = last - total;
        for (const w of batch) w.resolve((end += w.count));
      },
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    ).finally(() => this.flush(resource, queue));
  }
}
