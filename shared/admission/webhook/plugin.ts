/**
 * The MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins: for each configured webhook
 * whose rules and selectors cover the request, one AdmissionReview call. Mutating webhooks run in
 * order and their JSONPatch is applied to the object (validation follows); `reinvocationPolicy:
 * IfNeeded` calls a webhook once more when a later webhook changed the object. Validating webhooks run
 * in parallel; any denial refuses the request. An unreachable webhook refuses it too unless its
 * failurePolicy is Ignore.
 */
import { ApiError, BadRequestError, ForbiddenError, InternalError } from '../../api/errors';
import { sameJson } from '../../api/patch/json';
import type { MutatingWebhook, ValidatingWebhook } from '../../api/types';
import type { KubeObject, StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes, AdmissionPlugin } from '../attributes';
import { mutatingHooks, Named, validatingHooks } from './configs';
import { selectorsMatch } from './selectors';
import { exempt, rulesMatch } from './rules';
import { callWebhook, WebhookOutcome } from './call';
import { Activation, lazyActivation, requestActivation } from '../cel-activation';
import { evaluateMatchConditions } from '../match-conditions';

type Hook = Named<MutatingWebhook> | Named<ValidatingWebhook>;

/** Denied: upstream's ToStatusErr (code at least 400, the webhook's reason, `admission webhook "x" denied the request: ...`). */
export function deniedError(name: string, status: WebhookOutcome['status']): ApiError {
  const deniedBy = `admission webhook "${name}" denied the request`;
  const code = status?.code !== undefined && status.code >= 400 ? status.code : 400;
  const message = status?.message ? `${deniedBy}: ${status.message}` : status?.reason ? `${deniedBy}: ${status.reason}` : `${deniedBy} without explanation`;
  return new ApiError(code, status?.reason ?? '', message);
}

/**
 * Rules, selectors, then matchConditions (CEL). A condition that fails to evaluate under
 * failurePolicy Fail refuses the request (403, upstream's "failing closed"); under Ignore the
 * webhook is skipped.
 */
async function applies(ctx: StrategyContext, hook: Hook, attrs: AdmissionAttributes, activation: () => Promise<Activation>): Promise<boolean> {
  if (!rulesMatch(hook.rules, attrs)) return false;
  if (!(await selectorsMatch(ctx, hook, attrs))) return false;
  const conditions = hook.matchConditions ?? [];
  if (conditions.length === 0) return true;
  const result = evaluateMatchConditions(conditions, await activation(), hook.failurePolicy);
  if (result.error !== undefined) throw new ForbiddenError({ group: attrs.def.group, resource: attrs.def.resource }, attrs.name, result.error);
  return result.matches;
}

/** One call with failurePolicy applied: undefined when the failure is ignored. */
async function invoke(ctx: StrategyContext, hook: Hook, attrs: AdmissionAttributes, mutating: boolean): Promise<WebhookOutcome | undefined> {
  if (attrs.dryRun && hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun') {
    throw new BadRequestError(`admission webhook "${hook.name}" does not support dry run`);
  }
  try {
    return await callWebhook(ctx, hook, attrs, mutating);
  } catch (err) {
    if (hook.failurePolicy === 'Ignore') return undefined;
    throw new InternalError(`failed calling webhook "${hook.name}": ${(err as Error).message}`);
  }
}

function replaceObject(target: KubeObject, next: KubeObject): void {
  for (const key of Object.keys(target)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, next);
}

async function runMutating(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  const warnings: string[] = [];
  const hooks = await mutatingHooks(ctx);
  // Built again for each webhook: an earlier webhook's patch changes the object the next one's conditions see.
  const activation = () => requestActivation(ctx, attrs);
  const object = attrs.object as KubeObject;
  const called: { hook: Named<MutatingWebhook>; changedAfter: boolean }[] = [];
  const callOne = async (hook: Named<MutatingWebhook>): Promise<boolean> => {
    const outcome = await invoke(ctx, hook, attrs, true);
    if (!outcome) return false;
    warnings.push(...outcome.warnings);
    if (!outcome.allowed) throw deniedError(hook.name, outcome.status);
    if (outcome.patched && !sameJson(outcome.patched, object)) {
      replaceObject(object, outcome.patched);
      return true;
    }
    return false;
  };
  for (const hook of hooks) {
    if (!(await applies(ctx, hook, attrs, activation))) continue;
    const changed = await callOne(hook);
    if (changed) for (const c of called) c.changedAfter = true;
    called.push({ hook, changedAfter: false });
  }
  // Reinvocation: once more for each IfNeeded webhook whose input changed after its call.
  for (const { hook, changedAfter } of called) {
    if (changedAfter && hook.reinvocationPolicy === 'IfNeeded') await callOne(hook);
  }
  return warnings;
}

async function runValidating(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  const hooks = await validatingHooks(ctx);
  const selected: Named<ValidatingWebhook>[] = [];
  const activation = lazyActivation(ctx, attrs);
  for (const hook of hooks) if (await applies(ctx, hook, attrs, activation)) selected.push(hook);
  const outcomes = await Promise.allSettled(selected.map((hook) => invoke(ctx, hook, attrs, false)));
  const warnings: string[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status === 'rejected') throw outcome.reason;
    if (!outcome.value) continue;
    warnings.push(...outcome.value.warnings);
    if (!outcome.value.allowed) throw deniedError(selected[i].name, outcome.value.status);
  }
  return warnings;
}

export const mutatingWebhooks: AdmissionPlugin = {
  name: 'MutatingAdmissionWebhook',
  handles: (attrs) => !exempt(attrs) && attrs.object !== undefined && attrs.operation !== 'DELETE',
  admit: runMutating,
};

export const validatingWebhooks: AdmissionPlugin = {
  name: 'ValidatingAdmissionWebhook',
  handles: (attrs) => !exempt(attrs),
  admit: runValidating,
};
