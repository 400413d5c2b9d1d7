/** One webhook call: the review, where it goes, the response read and (for mutating webhooks) the patch applied. */
import { applyJsonPatch } from '../../api/patch/json-patch';
import type { MutatingWebhook, ValidatingWebhook } from '../../api/types';
import type { KubeObject, StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes } from '../attributes';
import { postReview } from './client';
import { resolveService, Target, urlTarget } from './resolve';
import { AdmissionResponse, buildReview, readResponse } from './review';

export interface WebhookOutcome {
  allowed: boolean;
  status?: AdmissionResponse['status'];
  warnings: string[];
  /** The object after the webhook's patch, when it sent one. */
  patched?: KubeObject;
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

export async function callWebhook(
  ctx: StrategyContext,
  hook: MutatingWebhook | ValidatingWebhook,
  attrs: AdmissionAttributes,
  mutating: boolean,
): Promise<WebhookOutcome> {
  const config = hook.clientConfig;
  let target: Target;
  if (config.service) {
    try {
      target = await resolveService(ctx, config.service);
    } catch (err) {
      throw new Error(`failed to call webhook: ${(err as Error).message}`, { cause: err });
    }
  } else {
    target = urlTarget(String(config.url));
  }
  const review = buildReview(attrs);
  const body = await postReview(target, review, config.caBundle, hook.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);
  const response = readResponse(body, review.request.uid);
  const outcome: WebhookOutcome = { allowed: response.allowed === true, status: response.status, warnings: response.warnings ?? [] };
  if (!outcome.allowed || !response.patch) return outcome;
  if (!mutating) throw new Error('validating webhook may not return a patch');
  if (response.patchType !== 'JSONPatch') throw new Error(`unsupported patch type "${String(response.patchType)}"`);
  const ops: unknown = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'));
  outcome.patched = applyJsonPatch(structuredClone(attrs.object), ops) as KubeObject;
  return outcome;
}
