/**
 * The webhook configurations, read from storage and kept for at most CONFIG_TTL_MS per API server
 * process (upstream's informer cache plays this part): a created, changed or deleted configuration
 * takes effect within that bound everywhere, in a Lambda instance as in the local runner.
 */
import type { MutatingWebhook, MutatingWebhookConfiguration, ValidatingWebhook, ValidatingWebhookConfiguration } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';

export const CONFIG_TTL_MS = 1000;

export const MUTATING_KEY = 'mutatingwebhookconfigurations.admissionregistration.k8s.io';
export const VALIDATING_KEY = 'validatingwebhookconfigurations.admissionregistration.k8s.io';

interface Cached<T> {
  at: number;
  store: unknown;
  hooks: T[];
}

const cache = new Map<string, Cached<unknown>>();

/** The hooks of every configuration of a kind, in the order upstream calls them (configurations by name, then as listed). */
async function hooksOf<T>(ctx: StrategyContext, key: string): Promise<T[]> {
  const hit = cache.get(key);
  if (hit && hit.store === ctx.store && Date.now() - hit.at < CONFIG_TTL_MS) return hit.hooks as T[];
  const page = await ctx.store.list(key, undefined, {});
  const configs = (page.items as (MutatingWebhookConfiguration | ValidatingWebhookConfiguration)[]).sort((a, b) =>
    String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
  );
  const hooks = configs.flatMap((c) => (c.webhooks ?? []).map((w) => ({ ...w, configuration: String(c.metadata?.name) })));
  cache.set(key, { at: Date.now(), store: ctx.store, hooks });
  return hooks as T[];
}

export type Named<T> = T & { configuration: string };

export const mutatingHooks = (ctx: StrategyContext): Promise<Named<MutatingWebhook>[]> => hooksOf(ctx, MUTATING_KEY);
export const validatingHooks = (ctx: StrategyContext): Promise<Named<ValidatingWebhook>[]> => hooksOf(ctx, VALIDATING_KEY);

/** Forgets what was read (tests; a process that wants the next request to read storage). */
export function clearWebhookCache(): void {
  cache.clear();
}
