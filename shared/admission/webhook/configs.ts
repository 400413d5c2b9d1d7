/**
 * The webhook configurations, read from storage and kept for at most CONFIG_TTL_MS per API server
 * process (upstream's informer cache plays this part): a created, changed or deleted configuration
 * takes effect within that bound everywhere, in a Lambda instance as in the local runner.
 */
import type { MutatingWebhook, MutatingWebhookConfiguration, ValidatingWebhook, ValidatingWebhookConfiguration } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import { cachedList, LIST_TTL_MS } from '../cache';

export const CONFIG_TTL_MS = LIST_TTL_MS;

export const MUTATING_KEY = 'mutatingwebhookconfigurations.admissionregistration.k8s.io';
export const VALIDATING_KEY = 'validatingwebhookconfigurations.admissionregistration.k8s.io';

/** The hooks of every configuration of a kind, in the order upstream calls them (configurations by name, then as listed). */
async function hooksOf<T>(ctx: StrategyContext, key: string): Promise<T[]> {
  const configs = [...(await cachedList<MutatingWebhookConfiguration | ValidatingWebhookConfiguration>(ctx, key))].sort((a, b) =>
    String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
  );
  const hooks = configs.flatMap((c) => (c.webhooks ?? []).map((w) => ({ ...w, configuration: String(c.metadata?.name) })));
  return hooks as T[];
}

export type Named<T> = T & { configuration: string };

export const mutatingHooks = (ctx: StrategyContext): Promise<Named<MutatingWebhook>[]> => hooksOf(ctx, MUTATING_KEY);
export const validatingHooks = (ctx: StrategyContext): Promise<Named<ValidatingWebhook>[]> => hooksOf(ctx, VALIDATING_KEY);
