import { sameJson } from '../../api/patch/json';
import { StatusCause } from '../../api/errors';
import { formatLabelSelector, matchesLabelSelector } from '../../api/selectors/labels';
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
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
  } else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for deployment', field: 'spec.selector' });
  } else if (!matchesLabelSelector(selector, template?.metadata?.labels ?? {})) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    });
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' });
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
  validate: validateWorkload,
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
