import { WorkLane } from '../../local/work-lane';
import type { WorkEvent } from '../../shared/runtime/work';

const key = (name: string) => ({ resource: 'nodes', name });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WorkLane (local requeues and resyncs)', () => {
  let lane: WorkLane;
  afterEach(() => lane.stop());

  function recording(deliveryMs = 0) {
    const events: WorkEvent[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    lane = new WorkLane(
      async (e) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        events.push(e);
        await tick(deliveryMs);
        inFlight--;
      },
      (p) => void p,
    );
    return { events, maxInFlight: () => maxInFlight };
  }

  it('delivers many keys that come due together as batches, one delivery at a time', async () => {
    const r = recording(20);
    for (let i = 0; i < 250; i++) lane.after(key(`n${i}`), 10);
    await tick(300);
    expect(r.maxInFlight()).toBe(1);
    // The first key to come due goes at once; the rest queue behind it and go 100 at a time.
    expect(r.events.length).toBeLessThanOrEqual(4);
    for (const e of r.events) expect(e.keys.length).toBeLessThanOrEqual(100);
    expect(new Set(r.events.flatMap((e) => e.keys.map((k) => k.name))).size).toBe(250);
  });

  it('delivers a key requeued twice once, at the earlier time', async () => {
    const r = recording();
    lane.after(key('a'), 200);
    lane.after(key('a'), 10);
    lane.after(key('a'), 100);
    await tick(60);
    expect(r.events).toEqual([{ source: 'skiff.work', keys: [key('a')] }]);
    await tick(250);
    expect(r.events).toHaveLength(1);
  });

  it('folds resyncs asked for while one waits, and holds everything while paused', async () => {
    const r = recording(30);
    lane.pause();
    lane.requestResync();
    lane.requestResync();
    lane.after(key('b'), 1);
    await tick(50);
    expect(r.events).toHaveLength(0);
    expect(lane.size).toBe(1);
    lane.resume();
    await tick(100);
    expect(r.events).toEqual([{ source: 'skiff.work', keys: [key('b')], resync: true }]);
  });
});
