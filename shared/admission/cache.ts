/**
 * What admission reads on every request of a kind (webhook configurations, priority classes, limit
 * ranges, a new pod's Services and ServiceAccount), kept per API server process for at most
 * LIST_TTL_MS, as upstream's plugins read informer caches: a change takes effect within that bound.
 * Quotas are never cached.
 */
import type { StrategyContext } from '../registry/resource';

export const LIST_TTL_MS = 1000;

interface Entry {
  at: number;
  store: unknown;
  value: unknown;
}

const entries = new Map<string, Entry>();
/** Reads in flight: requests that miss together share one read, as they would share one informer. */
const loading = new Map<string, { store: unknown; value: Promise<unknown> }>();
/** Moves at each clear, so that a read begun before it is not kept after it. */
let generation = 0;

/** `read`'s answer for `id`, shared and kept as above; `keep` says whether an answer may be kept. */
async function cached<T>(ctx: StrategyContext, id: string, read: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
  const hit = entries.get(id);
  if (hit && hit.store === ctx.store && Date.now() - hit.at < LIST_TTL_MS) return hit.value as T;
  const pending = loading.get(id);
  if (pending && pending.store === ctx.store) return (await pending.value) as T;
  const at = Date.now();
  const started = generation;
  const value = read();
  loading.set(id, { store: ctx.store, value });
  try {
    const answer = await value;
    if (started === generation && keep(answer)) entries.set(id, { at, store: ctx.store, value: answer });
    return answer;
  } finally {
    if (loading.get(id)?.value === value) loading.delete(id);
  }
}

export function cachedList<T>(ctx: StrategyContext, key: string, namespace?: string): Promise<T[]> {
  return cached(ctx, `list ${key}/${namespace ?? ''}`, async () => (await ctx.store.list(key, namespace, {})).items as T[]);
}

/**
 * One object, kept only when found: a miss is read again by the next request, as upstream's
 * ServiceAccount admission falls back to a live lookup when its informer has no such account.
 */
export function cachedGet<T>(ctx: StrategyContext, key: string, namespace: string | undefined, name: string): Promise<T | undefined> {
  return cached(ctx, `get ${key}/${namespace ?? ''}/${name}`, async () => (await ctx.store.get(key, namespace, name)) as T | undefined, (found) => found !== undefined);
}

/** Forgets what was read. */
export function clearAdmissionCache(): void {
  entries.clear();
  loading.clear();
  generation++;
}
