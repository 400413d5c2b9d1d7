import { BenchCluster } from '../cluster';
import { emptyTally } from '../../shared/storage/capacity';
import { round } from '../stats';

export interface CapacityRow {
  what: string;
  readUnits: number;
  writeUnits: number;
}

/** Read and write units per API verb and per idle minute, from DynamoDB's ConsumedCapacity. */
export async function capacitySuite(c: BenchCluster, quick: boolean): Promise<{ perVerb: CapacityRow[]; idlePerMinute: CapacityRow; idleWatcherPerMinute: CapacityRow }> {
  const n = quick ? 10 : 50;
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'capacity' } }));
  const cm = (i: number, v = 'a') => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cap-${i}` }, data: { v } });
  const perVerb: CapacityRow[] = [];
  const sample = async (what: string, op: (i: number) => Promise<unknown>) => {
    await new Promise((r) => setTimeout(r, 300));
    const before = { ...c.tally };
    for (let i = 0; i < n; i++) await op(i);
    perVerb.push({ what, readUnits: round((c.tally.read - before.read) / n, 3), writeUnits: round((c.tally.write - before.write) / n, 3) });
  };
  await sample('create', (i) => c.api.request('POST', '/api/v1/namespaces/capacity/configmaps', cm(i)));
  await sample('get', (i) => c.api.request('GET', `/api/v1/namespaces/capacity/configmaps/cap-${i}`));
  await sample(`list (${n} objects)`, () => c.api.request('GET', '/api/v1/namespaces/capacity/configmaps'));
  await sample('update', (i) => c.api.request('PUT', `/api/v1/namespaces/capacity/configmaps/cap-${i}`, cm(i, 'b')));
  await sample('delete', (i) => c.api.request('DELETE', `/api/v1/namespaces/capacity/configmaps/cap-${i}`));

  const window = quick ? 5_000 : 60_000;
  const idle = await overWindow(c, window, async () => undefined);
  const watched = await overWindow(c, window, async (signal) => {
    await c.api.request('GET', `/api/v1/namespaces/capacity/configmaps?watch=true&timeoutSeconds=${Math.ceil(window / 1000) + 5}`, undefined, {}, true, signal);
  });
  const perMinute = (t: { read: number; write: number }, what: string): CapacityRow => ({
    what,
    readUnits: round((t.read * 60_000) / window, 2),
    writeUnits: round((t.write * 60_000) / window, 2),
  });
  return {
    perVerb,
    idlePerMinute: perMinute(idle, 'idle cluster (controllers\' resync, no nodes, no watchers)'),
    idleWatcherPerMinute: perMinute({ read: watched.read - idle.read, write: watched.write - idle.write }, 'one idle watcher (extra over idle)'),
  };
}

async function overWindow(c: BenchCluster, ms: number, during: (signal: AbortSignal) => Promise<void>): Promise<{ read: number; write: number }> {
  const start = { read: c.tally.read, write: c.tally.write };
  const abort = new AbortController();
  const running = during(abort.signal).catch(() => undefined);
  await new Promise((r) => setTimeout(r, ms));
  abort.abort();
  await running;
  return { read: c.tally.read - start.read, write: c.tally.write - start.write };
}

export { emptyTally };
