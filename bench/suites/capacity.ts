import { BenchCluster } from '../cluster';
import { countCapacity, emptyTally } from '../../shared/storage/capacity';
import { dynamoClient } from '../../shared/storage/client';
import { ObjectStore } from '../../shared/storage/store';
import { serveWatch } from '../../shared/apiserver/watch';
import { findResource } from '../../shared/registry/catalog';
import { ResourceDef } from '../../shared/registry/resource';
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
  const perMinute = (t: { read: number; write: number }, what: string): CapacityRow => ({
    what,
    readUnits: round((t.read * 60_000) / window, 2),
    writeUnits: round((t.write * 60_000) / window, 2),
  });
  return {
    perVerb,
    idlePerMinute: perMinute(idle, 'idle cluster (controllers\' resync, no nodes, no watchers)'),
    idleWatcherPerMinute: perMinute(await idleWatcher(c, window), 'one idle watcher, polling as on Lambda (after its initial list)'),
  };
}

/**
 * One watcher's own traffic: a watch served by the API core on a store with a client of its own
 * (so nothing else is counted), polling the counter as it does on Lambda, with no writes to wake it.
 */
async function idleWatcher(c: BenchCluster, ms: number): Promise<{ read: number; write: number }> {
  const client = dynamoClient(c.dynamo.endpoint);
  const tally = emptyTally();
  countCapacity(client, tally);
  const store = new ObjectStore({ client, table: c.runner.context.store.tableName });
  const ctx = { store, config: { tokenHashes: [], maxWatchSeconds: 3600, watchPollMs: 1000 } };
  const rv = (await store.list('configmaps', 'capacity')).resourceVersion;
  const abort = new AbortController();
  const req = { method: 'GET', path: '/api/v1/namespaces/capacity/configmaps', query: new URLSearchParams(`watch=true&resourceVersion=${rv}`), headers: {}, signal: abort.signal };
  const def = findResource('', 'v1', 'configmaps') as ResourceDef;
  const start = { ...tally };
  const res = serveWatch(ctx, req, def, 'capacity');
  const consume = (async () => {
    for await (const _ of res.stream as AsyncIterable<string>) void _;
  })();
  await new Promise((r) => setTimeout(r, ms));
  abort.abort();
  await consume;
  client.destroy();
  return { read: tally.read - start.read, write: tally.write - start.write };
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

