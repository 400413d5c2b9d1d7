/**
 * admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding:
 * upstream's defaults and validation. Every expression is compiled at write time; one that does not
 * compile is a field error (`Invalid value: "<expr>": compilation failed: ...`), one Skiff's CEL
 * cannot evaluate is a `Warning` on the write and fails per the policy's failurePolicy when it runs.
 */
import type { StatusCause } from '../../api/errors';
import type { MatchResources, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../../api/types';
import { validateLabelKey } from '../../api/selectors/validation';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { validateLabelSelector } from '../../api/validation/selector';
import { KubeObject, Strategy, viewOf } from '../resource';
import { expressionWarning, matchConditionWarnings, validateExpression, validateMatchConditions } from './admission-cel';
import { validateRule } from './webhookconfig';

const REASONS = ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const ACTIONS = ['Deny', 'Warn', 'Audit'];
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const duplicate = (field: string, value: unknown): StatusCause => ({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(value)}`, field });

function defaultMatch(m: MatchResources | undefined): void {
  if (!m) return;
  m.namespaceSelector ??= {};
  m.objectSelector ??= {};
  m.matchPolicy ??= 'Equivalent';
  for (const rule of [...(m.resourceRules ?? []), ...(m.excludeResourceRules ?? [])]) rule.scope ??= '*';
}

function validateMatch(m: MatchResources, path: string, rulesRequired: boolean): StatusCause[] {
  const causes = [...validateLabelSelector(m.namespaceSelector, `${path}.namespaceSelector`), ...validateLabelSelector(m.objectSelector, `${path}.objectSelector`)];
  if (!['Exact', 'Equivalent'].includes(String(m.matchPolicy))) causes.push(notSupported(`${path}.matchPolicy`, m.matchPolicy, ['Equivalent', 'Exact']));
  if (rulesRequired && (m.resourceRules ?? []).length === 0) causes.push(required(`${path}.resourceRules`));
  for (const key of ['resourceRules', 'excludeResourceRules'] as const) {
    (m[key] ?? []).forEach((rule, i) => causes.push(...validateRule(rule, `${path}.${key}[${i}]`)));
  }
  return causes;
}

function validatePolicy(p: ValidatingAdmissionPolicy): StatusCause[] {
  const spec = p.spec ?? {};
  const causes: StatusCause[] = [];
  if (!['Fail', 'Ignore'].includes(String(spec.failurePolicy))) causes.push(notSupported('spec.failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  if (spec.paramKind) {
    const { apiVersion, kind } = spec.paramKind;
    if (!apiVersion) causes.push(required('spec.paramKind.apiVersion'));
    else if (apiVersion.split('/').length > 2 || apiVersion.split('/').some((part) => part === '')) {
      causes.push(invalid('spec.paramKind.apiVersion', apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
    }
    if (!kind) causes.push(required('spec.paramKind.kind'));
  }
  if (!spec.matchConstraints) causes.push(required('spec.matchConstraints'));
  else causes.push(...validateMatch(spec.matchConstraints, 'spec.matchConstraints', true));
  if ((spec.validations ?? []).length === 0 && (spec.auditAnnotations ?? []).length === 0) {
    causes.push(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
  }
  (spec.validations ?? []).forEach((v, i) => {
    const at = `spec.validations[${i}]`;
    causes.push(...validateExpression(v.expression, `${at}.expression`));
    if (v.message !== undefined) {
      if (v.message.trim() === '') causes.push(required(`${at}.message`, 'message must be non-empty if specified'));
      else if (v.message.includes('\n')) causes.push(invalid(`${at}.message`, v.message, 'message must not contain line breaks'));
    }
    if (v.messageExpression !== undefined) causes.push(...validateExpression(v.messageExpression, `${at}.messageExpression`));
    if (v.reason !== undefined && !REASONS.includes(v.reason)) causes.push(notSupported(`${at}.reason`, v.reason, REASONS));
  });
  const keys = new Set<string>();
  (spec.auditAnnotations ?? []).forEach((a, i) => {
    const at = `spec.auditAnnotations[${i}]`;
    if (!a.key) causes.push(required(`${at}.key`));
    else {
      for (const msg of validateLabelKey(`${p.metadata?.name ?? ''}/${a.key}`)) causes.push(invalid(`${at}.key`, a.key, msg));
      if (keys.has(a.key)) causes.push(duplicate(`${at}.key`, a.key));
      keys.add(a.key);
    }
    causes.push(...validateExpression(a.valueExpression, `${at}.valueExpression`));
  });
  causes.push(...validateMatchConditions(spec.matchConditions, 'spec.matchConditions'));
  (spec.variables ?? []).forEach((v, i) => {
    const at = `spec.variables[${i}]`;
    if (!v.name) causes.push(required(`${at}.name`));
    else if (!CEL_IDENTIFIER.test(v.name)) causes.push(invalid(`${at}.name`, v.name, 'name is not a valid CEL identifier'));
    causes.push(...validateExpression(v.expression, `${at}.expression`));
  });
  return causes;
}

function policyWarnings(p: ValidatingAdmissionPolicy): string[] {
  const spec = p.spec ?? {};
  const fields: [string, string | undefined][] = [
    ...(spec.validations ?? []).flatMap((v, i): [string, string | undefined][] => [
      [`spec.validations[${i}].expression`, v.expression],
      [`spec.validations[${i}].messageExpression`, v.messageExpression],
    ]),
    ...(spec.auditAnnotations ?? []).map((a, i): [string, string] => [`spec.auditAnnotations[${i}].valueExpression`, a.valueExpression]),
    ...(spec.variables ?? []).map((v, i): [string, string] => [`spec.variables[${i}].expression`, v.expression]),
  ];
  return [
    ...fields.flatMap(([field, expr]) => (expr === undefined ? [] : (expressionWarning(expr, field) ?? []))),
    ...matchConditionWarnings(spec.matchConditions, 'spec.matchConditions'),
  ];
}

export const validatingAdmissionPolicyStrategy: Strategy = {
  defaults(obj: KubeObject) {
    const p = viewOf<ValidatingAdmissionPolicy>(obj);
    if (!p.spec) return;
    p.spec.failurePolicy ??= 'Fail';
    defaultMatch(p.spec.matchConstraints);
  },
  validate: (obj: KubeObject) => validatePolicy(viewOf<ValidatingAdmissionPolicy>(obj)),
  warnings: (obj: KubeObject) => policyWarnings(viewOf<ValidatingAdmissionPolicy>(obj)),
};

function validateBinding(b: ValidatingAdmissionPolicyBinding): StatusCause[] {
  const spec = b.spec ?? {};
  const causes: StatusCause[] = [];
  if (!spec.policyName) causes.push(required('spec.policyName'));
  const ref = spec.paramRef;
  if (ref) {
    if (ref.name && ref.selector) causes.push(forbidden('spec.paramRef.name', 'name and selector are mutually exclusive'));
    if (!ref.name && !ref.selector) causes.push(required('spec.paramRef', 'one of name or selector must be specified'));
    causes.push(...validateLabelSelector(ref.selector, 'spec.paramRef.selector'));
    if (!ref.parameterNotFoundAction) causes.push(required('spec.paramRef.parameterNotFoundAction'));
    else if (!['Allow', 'Deny'].includes(ref.parameterNotFoundAction)) causes.push(notSupported('spec.paramRef.parameterNotFoundAction', ref.parameterNotFoundAction, ['Deny', 'Allow']));
  }
  if (spec.matchResources) causes.push(...validateMatch(spec.matchResources, 'spec.matchResources', false));
  const actions = spec.validationActions ?? [];
  if (actions.length === 0) causes.push(required('spec.validationActions', 'at least one validation action is required'));
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!ACTIONS.includes(a)) causes.push(notSupported(`spec.validationActions[${i}]`, a, ['Audit', 'Deny', 'Warn']));
    if (seen.has(a)) causes.push(duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    causes.push(invalid('spec.validationActions', actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  }
  return causes;
}

export const validatingAdmissionPolicyBindingStrategy: Strategy = {
  defaults(obj: KubeObject) {
    const b = viewOf<ValidatingAdmissionPolicyBinding>(obj);
    if (!b.spec) return;
    if (b.spec.paramRef) b.spec.paramRef.parameterNotFoundAction ??= 'Deny';
    defaultMatch(b.spec.matchResources);
  },
  validate: (obj: KubeObject) => validateBinding(viewOf<ValidatingAdmissionPolicyBinding>(obj)),
};
