/**
 * The ValidatingAdmissionPolicy plugin (a validating plugin of the chain), after upstream's policy
 * dispatcher: for each policy whose matchConstraints cover the request, each binding naming it whose
 * matchResources cover it too, and each of the binding's parameter objects, the policy's validations
 * run; a failure does what the binding's validationActions say (Deny refuses the request with the
 * first failure, Warn adds a `Warning` header, Audit records it in the request's audit event under
 * `validation.policy.admission.k8s.io/validation_failure`); a policy's auditAnnotations go into the
 * audit event as `<policy>/<key>`.
 * Policies, bindings and parameters are read through the admission cache (at most LIST_TTL_MS old).
 */
import { ApiError, qualified } from '../../api/errors';
import type { Decision } from './validate';
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes, AdmissionPlugin } from '../attributes';
import { cachedList } from '../cache';
import { Activation, lazyActivation } from '../cel-activation';
import { bindingMatches, matchesRequest } from './match';
import { collectParams, ConfigError } from './params';
import { Outcome, validatePolicy, withParams } from './validate';
import { addAuditAnnotation } from '../../auth/audit/annotations';

export const POLICY_KEY = 'validatingadmissionpolicies.admissionregistration.k8s.io';
export const BINDING_KEY = 'validatingadmissionpolicybindings.admissionregistration.k8s.io';

const POLICY_RESOURCES = ['validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'];

/** Upstream never applies policies to policies and bindings (a policy could lock itself in). */
export const isPolicyResource = (attrs: AdmissionAttributes): boolean =>
  attrs.def.group === 'admissionregistration.k8s.io' && POLICY_RESOURCES.includes(attrs.def.resource);

const CODES: Record<string, number> = { Unauthorized: 401, Forbidden: 403, RequestEntityTooLarge: 413, Invalid: 422 };

interface Failure extends Decision {
  policy: string;
  binding: string;
}

/** Upstream's audit annotation key for failures a binding audits. */
export const VALIDATION_FAILURE_ANNOTATION = 'validation.policy.admission.k8s.io/validation_failure';

/** Upstream's denial: admission.NewForbidden's message, the validation's reason and its code, one cause. */
export function deniedError(attrs: AdmissionAttributes, f: Failure): ApiError {
  const message = `ValidatingAdmissionPolicy '${f.policy}' with binding '${f.binding}' denied request: ${f.message}`;
  const resource = qualified({ group: attrs.def.group, resource: attrs.def.resource });
  const name = attrs.name || ((attrs.object ?? attrs.oldObject)?.metadata?.name ?? '');
  const full = name ? `${resource} "${name}" is forbidden: ${message}` : `${resource} is forbidden: ${message}`;
  return new ApiError(CODES[f.reason] ?? 422, f.reason, full, { name, group: attrs.def.group || undefined, kind: attrs.def.resource, causes: [{ message }] });
}

export const warningOf = (f: Failure): string => `Validation failed for ValidatingAdmissionPolicy '${f.policy}' with binding '${f.binding}': ${f.message}`;

/** One entry of the validation_failure annotation's JSON list, in upstream's field order. */
const auditedFailure = (f: Failure, actions: string[]) => ({ message: f.message, policy: f.policy, binding: f.binding, expressionIndex: f.index ?? 0, validationActions: actions });

const byName = <T extends { metadata?: { name?: string } }>(a: T, b: T) => String(a.metadata?.name).localeCompare(String(b.metadata?.name));

async function evaluateBinding(ctx: StrategyContext, policy: ValidatingAdmissionPolicy, binding: ValidatingAdmissionPolicyBinding, attrs: AdmissionAttributes, base: Activation): Promise<Outcome[]> {
  const spec = policy.spec ?? {};
  let params: unknown[] = [undefined];
  if (spec.paramKind) {
    try {
      params = await collectParams(ctx, spec.paramKind, binding.spec?.paramRef, attrs);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const decisions: Decision[] = spec.failurePolicy === 'Ignore' ? [] : [{ action: 'Deny', reason: 'Invalid', message: `failed to configure binding: ${err.message}` }];
      return [{ decisions, annotations: [] }];
    }
  }
  return params.map((param) => validatePolicy(spec, withParams(base, spec, param)));
}

async function admit(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[]> {
  const policies = [...(await cachedList<ValidatingAdmissionPolicy>(ctx, POLICY_KEY))].sort(byName);
  if (policies.length === 0) return [];
  const bindings = [...(await cachedList<ValidatingAdmissionPolicyBinding>(ctx, BINDING_KEY))].sort(byName);
  const activation = lazyActivation(ctx, attrs);
  const denied: Failure[] = [];
  const warnings: string[] = [];
  const audited: object[] = [];
  for (const policy of policies) {
    const values = new Map<string, Set<string>>();
    const own = bindings.filter((b) => b.spec?.policyName === policy.metadata?.name);
    if (own.length === 0 || !policy.spec?.matchConstraints) continue;
    if (!(await matchesRequest(ctx, policy.spec.matchConstraints, attrs))) continue;
    for (const binding of own) {
      if (!(await bindingMatches(ctx, binding.spec?.matchResources, attrs))) continue;
      const outcomes = await evaluateBinding(ctx, policy, binding, attrs, await activation());
      const actions = binding.spec?.validationActions ?? [];
      for (const { decisions, annotations } of outcomes) {
        for (const [key, value] of annotations) values.set(key, (values.get(key) ?? new Set()).add(value));
        for (const d of decisions) {
          const failure: Failure = { ...d, policy: String(policy.metadata?.name), binding: String(binding.metadata?.name) };
          if (actions.includes('Deny')) denied.push(failure);
          if (actions.includes('Warn')) warnings.push(warningOf(failure));
          if (actions.includes('Audit')) audited.push(auditedFailure(failure, actions));
        }
      }
    }
    // Several bindings or parameter objects giving one key different values: all of them, sorted.
    for (const [key, set] of values) addAuditAnnotation(`${policy.metadata?.name}/${key}`, [...set].sort().join(', '));
  }
  if (audited.length > 0) addAuditAnnotation(VALIDATION_FAILURE_ANNOTATION, JSON.stringify(audited));
  if (denied.length > 0) throw deniedError(attrs, denied[0]);
  return warnings;
}

export const validatingAdmissionPolicy: AdmissionPlugin = {
  name: 'ValidatingAdmissionPolicy',
  handles: (attrs) => !isPolicyResource(attrs),
  admit,
};
