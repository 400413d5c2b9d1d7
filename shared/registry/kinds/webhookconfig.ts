/** admissionregistration.k8s.io/v1 webhook configurations: upstream's defaults and validation. */
import type { StatusCause } from '../../api/errors';
import { invalid, notSupported, required } from '../../api/validation/field';
import { validateDns1123Subdomain } from '../../api/validation/names';
import type { MutatingWebhook, RuleWithOperations } from '../../api/types';
import type { KubeObject, Strategy } from '../resource';
import { matchConditionWarnings, validateMatchConditions } from './admission-cel';

type Hook = MutatingWebhook;

const OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

function defaultHook(hook: Hook, mutating: boolean): void {
  hook.failurePolicy ??= 'Fail';
  hook.matchPolicy ??= 'Equivalent';
  hook.namespaceSelector ??= {};
  hook.objectSelector ??= {};
  hook.timeoutSeconds ??= 10;
  if (mutating) hook.reinvocationPolicy ??= 'Never';
  if (hook.clientConfig?.service) hook.clientConfig.service.port ??= 443;
  for (const rule of hook.rules ?? []) rule.scope ??= '*';
}

export function validateRule(rule: RuleWithOperations, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if ((rule.operations ?? []).length === 0) causes.push(required(`${path}.operations`));
  for (const [i, op] of (rule.operations ?? []).entries()) {
    if (!OPERATIONS.includes(op)) causes.push(notSupported(`${path}.operations[${i}]`, op, OPERATIONS));
  }
  if ((rule.apiGroups ?? []).length === 0) causes.push(required(`${path}.apiGroups`));
  if ((rule.apiVersions ?? []).length === 0) causes.push(required(`${path}.apiVersions`));
  if ((rule.resources ?? []).length === 0) causes.push(required(`${path}.resources`));
  if (rule.scope !== undefined && !['*', 'Cluster', 'Namespaced'].includes(rule.scope)) {
    causes.push(notSupported(`${path}.scope`, rule.scope, ['*', 'Cluster', 'Namespaced']));
  }
  return causes;
}

function validateHook(hook: Hook, path: string, mutating: boolean): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!hook.name) causes.push(required(`${path}.name`));
  else if (hook.name.split('.').length < 3 || validateDns1123Subdomain(hook.name).length > 0) {
    causes.push(invalid(`${path}.name`, hook.name, 'should be a domain with at least three segments separated by dots'));
  }
  const config = hook.clientConfig ?? {};
  if ((config.url === undefined) === (config.service === undefined)) {
    causes.push(required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  }
  if (config.url !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(config.url);
    } catch {
      causes.push(invalid(`${path}.clientConfig.url`, config.url, 'host must be specified'));
    }
    if (url && url.protocol !== 'https:') causes.push(invalid(`${path}.clientConfig.url`, url.protocol.replace(':', ''), "'https' is the only allowed URL scheme"));
  }
  if (config.service) {
    if (!config.service.name) causes.push(required(`${path}.clientConfig.service.name`, 'service name is required'));
    if (!config.service.namespace) causes.push(required(`${path}.clientConfig.service.namespace`, 'service namespace is required'));
    const port = config.service.port ?? 443;
    if (port < 1 || port > 65535) causes.push(invalid(`${path}.clientConfig.service.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
    if (config.service.path !== undefined && !config.service.path.startsWith('/')) {
      causes.push(invalid(`${path}.clientConfig.service.path`, config.service.path, "must start with a '/'"));
    }
  }
  for (const [i, rule] of (hook.rules ?? []).entries()) causes.push(...validateRule(rule, `${path}.rules[${i}]`));
  if (!['Fail', 'Ignore'].includes(String(hook.failurePolicy))) causes.push(notSupported(`${path}.failurePolicy`, hook.failurePolicy, ['Fail', 'Ignore']));
  if (!['Exact', 'Equivalent'].includes(String(hook.matchPolicy))) causes.push(notSupported(`${path}.matchPolicy`, hook.matchPolicy, ['Equivalent', 'Exact']));
  if (!['None', 'NoneOnDryRun'].includes(hook.sideEffects)) {
    causes.push(hook.sideEffects ? notSupported(`${path}.sideEffects`, hook.sideEffects, ['None', 'NoneOnDryRun']) : required(`${path}.sideEffects`));
  }
  const timeout = hook.timeoutSeconds ?? 10;
  if (timeout < 1 || timeout > 30) causes.push(invalid(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
  const versions = hook.admissionReviewVersions ?? [];
  if (versions.length === 0) causes.push(required(`${path}.admissionReviewVersions`));
  else if (!versions.includes('v1') && !versions.includes('v1beta1')) {
    causes.push(invalid(`${path}.admissionReviewVersions`, versions, 'must include at least one of v1, v1beta1'));
  }
  causes.push(...validateMatchConditions(hook.matchConditions, `${path}.matchConditions`));
  if (mutating && !['Never', 'IfNeeded'].includes(String(hook.reinvocationPolicy))) {
    causes.push(notSupported(`${path}.reinvocationPolicy`, hook.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  return causes;
}

function strategy(mutating: boolean): Strategy {
  return {
    defaults(obj: KubeObject) {
      for (const hook of (obj.webhooks as Hook[] | undefined) ?? []) defaultHook(hook, mutating);
    },
    validate(obj: KubeObject) {
      const hooks = (obj.webhooks as Hook[] | undefined) ?? [];
      const causes = hooks.flatMap((h, i) => validateHook(h, `webhooks[${i}]`, mutating));
      const seen = new Set<string>();
      for (const [i, h] of hooks.entries()) {
        if (seen.has(h.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(h.name)}`, field: `webhooks[${i}].name` });
        seen.add(h.name);
      }
      return causes;
    },
    warnings(obj: KubeObject) {
      const hooks = (obj.webhooks as Hook[] | undefined) ?? [];
      return hooks.flatMap((h, i) => matchConditionWarnings(h.matchConditions, `webhooks[${i}].matchConditions`));
    },
  };
}

export const mutatingWebhookConfigurationStrategy = strategy(true);
export const validatingWebhookConfigurationStrategy = strategy(false);
