/**
 * Lists admission plugins read on every request of a kind (webhook configurations, priority
 * classes, limit ranges), kept per API server process for at most LIST_TTL_MS, as upstream's
 * plugins read informer caches: a change takes effect within that bound. Quotas are never cached.
 */
import type { StrategyContext } from '../registry/resource';

export const LIST_TTL_MS = 1000;

interface Entry {
  at: number;
  store: unknown;
  items: unknown[];
}

const entries = new Map<string, Entry>();
/** Reads in flight: requests that miss together share one read, as they would share one informer. */
const loading = new Map<string, { store: unknown; items: Promise<unknown[]> }>();
/** Moves at each clear, so that a read begun before it is not kept after it. */
let generation = 0;

export async function cachedList<T>(ctx: StrategyContext, key: string, namespace?: string): Promise<T[]> {
  const id = `${key}/${namespace ?? ''}`;
  const hit = entries.get(id);
  if (hit && hit.store === ctx.store && Date.now() - hit.at < LIST_TTL_MS) return hit.items as T[];
  const pending = loading.get(id);
  if (pending && pending.store === ctx.store) return (await pending.items) as T[];
  const at = Date.now();
  const started = generation;
  const items = ctx.store.list(key, namespace, {}).then((page) => page.items as unknown[]);
  loading.set(id, { store: ctx.store, items });
  try {
    const read = await items;
    if (started === generation) entries.set(id, { at, store: ctx.store, items: read });
    return read as T[];
  } finally {
    if (loading.get(id)?.items === items) loading.delete(id);
  }
}

/** Forgets what was read. */
export function clearAdmissionCache(): void {
  entries.clear();
  loading.clear();
  generation++;
}
