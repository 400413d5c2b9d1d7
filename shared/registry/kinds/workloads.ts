import { sameJson } from '../../api/patch/json';
import { StatusCause } from '../../api/errors';
import { formatLabelSelector, matchesLabelSelector } from '../../api/selectors/labels';
import { forbidden, invalid, notSupported } from '../../api/validation/field';
import { IntOrString, intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../../api/validation/intstr';
import { validateLabels, validateLabelSelector } from '../../api/validation/selector';
import { immutable } from '../meta';
import { KubeObject, Strategy } from '../resource';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodSpec } from './pod-validate';

type Obj = Record<string, unknown>;
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** What Deployments and ReplicaSets share: a selector that must select the template, fixed once set. */
function validateWorkload(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const spec = (obj.spec ?? {}) as Obj;
  const causes: StatusCause[] = [];
  const selector = spec.selector as Selector | undefined;
  const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: Obj } | undefined;
  const selectorCauses = validateLabelSelector(selector, 'spec.selector');
  causes.push(...selectorCauses);
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
  } else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for deployment', field: 'spec.selector' });
  } else if (selectorCauses.length === 0 && !matchesLabelSelector(selector, template?.metadata?.labels ?? {})) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    });
  }
  causes.push(...validateLabels(template?.metadata?.labels, 'spec.template.metadata.labels'));
  for (const field of ['replicas', 'minReadySeconds'] as const) {
    const value = spec[field];
    if (typeof value === 'number' && value < 0) causes.push(invalid(`spec.${field}`, value, 'must be greater than or equal to 0'));
  }
  causes.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
  if (template?.spec?.restartPolicy && template.spec.restartPolicy !== 'Always') {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: "${String(template.spec.restartPolicy)}": supported values: "Always"`, field: 'spec.template.spec.restartPolicy' });
  }
  if (old) {
    const before = ((old.spec ?? {}) as Obj).selector;
    if (!sameJson(before, selector)) causes.push(immutable('spec.selector', selector ? formatLabelSelector(selector) : ''));
  }
  return causes;
}

/** Go's IntOrString.IntValue, which getIntOrPercentValue falls back to: a non-numeric string is 0. */
function intOrPercent(value: IntOrString | undefined): number {
  if (value === undefined) return 0;
  const percent = intOrPercentValue(value);
  if (percent !== undefined) return percent;
  return typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : 0;
}

/** Upstream's ValidateDeploymentStrategy and ValidateRollingUpdateDeployment, plus the deadline rule. */
function validateDeploymentSpec(obj: KubeObject): StatusCause[] {
  const spec = (obj.spec ?? {}) as Obj;
  const strategy = (spec.strategy ?? {}) as { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  const causes: StatusCause[] = [];
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate) causes.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? {};
    const at = 'spec.strategy.rollingUpdate';
    if (ru.maxUnavailable !== undefined) causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${at}.maxUnavailable`));
    if (ru.maxSurge !== undefined) causes.push(...validatePositiveIntOrPercent(ru.maxSurge, `${at}.maxSurge`));
    if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0) {
      causes.push(invalid(`${at}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
    }
    if (ru.maxUnavailable !== undefined) causes.push(...validateNotMoreThan100Percent(ru.maxUnavailable, `${at}.maxUnavailable`));
  } else {
    causes.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  }
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) {
    causes.push(invalid('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 'must be greater than or equal to 0'));
  }
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number' && deadline <= Number(spec.minReadySeconds ?? 0)) {
    causes.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return causes;
}

export const deploymentStrategy: Strategy = {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.replicas ??= 1;
    const strategy = (spec.strategy ??= {}) as Obj;
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {}) as Obj;
      ru.maxUnavailable ??= '25%';
      ru.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultPodTemplate(spec.template as Obj | undefined);
  },
  validate: (obj, old) => [...validateWorkload(obj, old), ...validateDeploymentSpec(obj)],
};

export const replicaSetStrategy: Strategy = {
  // ReplicaSetStatus.replicas is not omitempty upstream: a new ReplicaSet shows replicas: 0.
  prepareForCreate(obj) {
    obj.status ??= { replicas: 0 };
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.replicas ??= 1;
    defaultPodTemplate(spec.template as Obj | undefined);
  },
  validate: validateWorkload,
  fieldLabels: (obj) => ({ 'status.replicas': String(((obj.status ?? {}) as Obj).replicas ?? 0) }),
};
