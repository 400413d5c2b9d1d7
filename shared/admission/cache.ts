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

export async function cachedList<T>(ctx: StrategyContext, key: string, namespace?: string): Promise<T[]> {
  const id = `${key}/${namespace ?? ''}`;
  const hit = entries.get(id);
  if (hit && hit.store === ctx.store && Date.now() - hit.at < LIST_TTL_MS) return hit.items as T[];
  const items = (await ctx.store.list(key, namespace, {})).items;
  entries.set(id, { at: Date.now(), store: ctx.store, items });
  return items as T[];
}

/** Forgets what was read. */
export function clearAdmissionCache(): void {
  entries.clear();
}
