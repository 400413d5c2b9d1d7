/**
 * Whether a webhook's rules cover a request, after k8s.io/apiserver's webhook rules matcher:
 * operations, groups, versions, resources (`pods`, `pods/status`, `*`, `*\/status`, `pods/*`) and scope.
 * Skiff serves one version per resource, so matchPolicy Equivalent and Exact select the same requests.
 */
import type { RuleWithOperations } from '../../api/types';
import type { AdmissionAttributes } from '../attributes';

const anyOr = (list: string[] | undefined, value: string): boolean => (list ?? []).some((x) => x === '*' || x === value);

function resourceMatches(patterns: string[] | undefined, resource: string, subresource: string): boolean {
  for (const pattern of patterns ?? []) {
    const [res, sub = ''] = pattern.split('/', 2);
    if (pattern === '*/*') return true;
    if (res === '*' && !pattern.includes('/')) {
      if (subresource === '') return true;
      continue;
    }
    if (res !== '*' && res !== resource) continue;
    if (sub === '*' || sub === subresource) return true;
  }
  return false;
}

function scopeMatches(scope: string | undefined, namespaced: boolean): boolean {
  if (scope === undefined || scope === '*') return true;
  return scope === 'Namespaced' ? namespaced : !namespaced;
}

export function ruleMatches(rule: RuleWithOperations, attrs: AdmissionAttributes): boolean {
  const { def } = attrs;
  return (
    anyOr(rule.operations, attrs.operation) &&
    anyOr(rule.apiGroups, def.group) &&
    anyOr(rule.apiVersions, def.version) &&
    resourceMatches(rule.resources, def.resource, attrs.subresource ?? '') &&
    scopeMatches(rule.scope, def.namespaced)
  );
}

export const rulesMatch = (rules: RuleWithOperations[] | undefined, attrs: AdmissionAttributes): boolean =>
  (rules ?? []).some((rule) => ruleMatches(rule, attrs));

/** Upstream never calls webhooks about webhook configurations (they could lock themselves out). */
export function exempt(attrs: AdmissionAttributes): boolean {
  return attrs.def.group === 'admissionregistration.k8s.io';
}
