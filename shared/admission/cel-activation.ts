/**
 * The variables upstream binds for admission CEL (webhook matchConditions, ValidatingAdmissionPolicy):
 * `object` and `oldObject` (null on CREATE and DELETE respectively), `request` (the AdmissionRequest
 * without its objects), `namespaceObject` (the request's Namespace, null for cluster-scoped kinds),
 * `params` (a policy binding's parameter object, else null) and `variables` (a policy's, computed
 * lazily). `authorizer` is not bound (docs/admission.md).
 */
import type { StrategyContext } from '../registry/resource';
import { jsonToCel } from '../cel/values';
import type { AdmissionAttributes } from './attributes';
import { buildReview } from './webhook/review';

export type Activation = Record<string, unknown>;

function requestOf(attrs: AdmissionAttributes): unknown {
  const { object: _object, oldObject: _oldObject, ...request } = buildReview(attrs).request;
  return request;
}

async function namespaceObject(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<unknown> {
  if (!attrs.def.namespaced || !attrs.namespace) return null;
  return (await ctx.store.get('namespaces', undefined, attrs.namespace)) ?? null;
}

/** The request's part of an activation, built once per request and shared by every policy and webhook. */
export async function requestActivation(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<Activation> {
  return {
    object: jsonToCel(attrs.operation === 'DELETE' ? null : (attrs.object ?? null)),
    oldObject: jsonToCel(attrs.operation === 'CREATE' ? null : (attrs.oldObject ?? null)),
    request: jsonToCel(requestOf(attrs)),
    namespaceObject: jsonToCel(await namespaceObject(ctx, attrs)),
    params: null,
    variables: {},
  };
}

/** Builds the activation at most once per request, and only when an expression needs it. */
export function lazyActivation(ctx: StrategyContext, attrs: AdmissionAttributes): () => Promise<Activation> {
  let built: Promise<Activation> | undefined;
  return () => (built ??= requestActivation(ctx, attrs));
}
