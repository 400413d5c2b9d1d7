/**
 * The admission chain, in kube-apiserver's order for the plugins Skiff has: mutating first
 * (LimitRanger, Priority, then the mutating webhooks), validating after the kind's own validation
 * (LimitRanger's ranges, Priority's protections, ResourceQuota, ValidatingAdmissionPolicy, then the
 * validating webhooks).
 * A plugin refuses by throwing an ApiError (Forbidden, or a webhook's own Status).
 */
import type { StrategyContext } from '../registry/resource';
import type { AdmissionAttributes, AdmissionPlugin } from './attributes';
import { limitRangerMutating, limitRangerValidating } from './plugins/limitranger';
import { priorityMutating, priorityValidating } from './plugins/priority';
import { resourceQuotaValidating } from './plugins/resourcequota';
import { mutatingWebhooks, validatingWebhooks } from './webhook/plugin';
import { csrRequestor } from './plugins/csr-requestor';
import { validatingAdmissionPolicy } from './policy/plugin';

export const MUTATING: AdmissionPlugin[] = [csrRequestor, limitRangerMutating, priorityMutating, mutatingWebhooks];
export const VALIDATING: AdmissionPlugin[] = [limitRangerValidating, priorityValidating, resourceQuotaValidating, validatingAdmissionPolicy, validatingWebhooks];

async function run(plugins: AdmissionPlugin[], ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  const warnings: string[] = [];
  for (const plugin of plugins) {
    if (!plugin.handles(attrs)) continue;
    warnings.push(...((await plugin.admit(ctx, attrs)) ?? []));
  }
  return warnings;
}

/** Mutating admission: after the kind's defaults and `strategy.admit`, before validation. May change attrs.object. */
export function mutatingAdmission(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  return run(MUTATING, ctx, attrs);
}

/** Validating admission: after validation, before storage (and before a DELETE). Never changes the object. */
export function validatingAdmission(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  return run(VALIDATING, ctx, attrs);
}
