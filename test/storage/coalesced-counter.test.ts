import { CoalescedCounter } from '../../shared/storage/coalesced-counter';

/** A counter per resource whose increments complete only when the test releases them. */
function fakeCounter() {
  const values = new Map<string, number>();
  const calls: { resource: string; count: number; release(): void; fail(err: Error): void }[] = [];
  const increment = (resource: string, count: number) =>
    new Promise<number>((resolve, reject) => {
      calls.push({
        resource,
        count,
        release: () => {
          const value = (values.get(resource) ?? 0) + count;
          values.set(resource, value);
          resolve(value);
        },
        fail: reject,
      });
    });
  return { calls, increment };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CoalescedCounter', () => {
  it('sends a lone writer\'s increment at once', async () => {
    const fake = fakeCounter();
    const counter = new CoalescedCounter(fake.increment);
    const last = counter.take('pods', 3);
    expect(fake.calls.map((c) => [c.resource, c.count])).toEqual([['pods', 3]]);
    fake.calls[0].release();
    expect(await last).toBe(3);
  });

  it('gives writers that wait behind an increment one shared increment and each its own contiguous range, in order', async () => {
    const fake = fakeCounter();
    const counter = new CoalescedCounter(fake.increment);
    const first = counter.take('pods', 1);
    const waiting = [counter.take('pods', 2), counter.take('pods', 1), counter.take('pods', 4)];
    expect(fake.calls).toHaveLength(1);
    fake.calls[0].release();
    expect(await first).toBe(1);
    await tick();
    expect(fake.calls.map((c) => c.count)).toEqual([1, 7]);
    fake.calls[1].release();
    // Ranges 2-3, 4, 5-8: each writer owns exactly the revisions a call of its own would have taken.
    expect(await Promise.all(waiting)).toEqual([3, 4, 8]);
  });

  it('keeps resources independent', async () => {
    const fake = fakeCounter();
    const counter = new CoalescedCounter(fake.increment);
    const pods = counter.take('pods', 1);
    const events = counter.take('events', 1);
    expect(fake.calls.map((c) => c.resource)).toEqual(['pods', 'events']);
    fake.calls.forEach((c) => c.release());
    expect(await Promise.all([pods, events])).toEqual([1, 1]);
  });

  it('fails every writer of a failed increment and serves the next ones', async () => {
    const fake = fakeCounter();
    const counter = new CoalescedCounter(fake.increment);
    const first = counter.take('pods', 1);
    const second = counter.take('pods', 1);
    const third = counter.take('pods', 1);
    fake.calls[0].release();
    await first;
    await tick();
    fake.calls[1].fail(new Error('throttled'));
    await expect(second).rejects.toThrow('throttled');
    await expect(third).rejects.toThrow('throttled');
    const fourth = counter.take('pods', 1);
    await tick();
    expect(fake.calls).toHaveLength(3);
    fake.calls[2].release();
    expect(await fourth).toBe(2);
  });
});
