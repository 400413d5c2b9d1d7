/** ReplicationController and PodTemplate strategies (upstream's pkg/apis/core/validation). */
import type { StatusCause } from '../../api/errors';
import { invalid, notSupported, required } from '../../api/validation/field';
import { validateLabels } from '../../api/validation/selector';
import type { Strategy } from '../resource';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodSpec } from './pod-validate';

type Obj = Record<string, unknown>;
type Template = { metadata?: { labels?: Record<string, string> }; spec?: Obj };

export const replicationControllerStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  // Upstream's SetDefaults_ReplicationController: the selector and labels default to the template's labels.
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    const labels = (spec.template as Template | undefined)?.metadata?.labels;
    if (labels && Object.keys(labels).length) {
      if (!spec.selector || Object.keys(spec.selector as Obj).length === 0) spec.selector = { ...labels };
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels as Obj).length === 0) obj.metadata.labels = { ...labels };
    }
    spec.replicas ??= 1;
    defaultPodTemplate(spec.template as Obj | undefined);
  },
  validate(obj) {
    const spec = (obj.spec ?? {}) as Obj;
    const causes: StatusCause[] = [];
    const selector = (spec.selector ?? {}) as Record<string, string>;
    const template = spec.template as Template | undefined;
    for (const field of ['replicas', 'minReadySeconds'] as const) {
      const value = spec[field];
      if (typeof value === 'number' && value < 0) causes.push(invalid(`spec.${field}`, value, 'must be greater than or equal to 0'));
    }
    if (Object.keys(selector).length === 0) causes.push(required('spec.selector'));
    else causes.push(...validateLabels(selector, 'spec.selector'));
    if (!template) {
      causes.push(required('spec.template'));
      return causes;
    }
    const labels = template.metadata?.labels ?? {};
    if (Object.keys(selector).length && !Object.entries(selector).every(([k, v]) => labels[k] === v)) {
      causes.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    }
    causes.push(...validateLabels(template.metadata?.labels, 'spec.template.metadata.labels'));
    causes.push(...validatePodSpec(template.spec, 'spec.template.spec'));
    const restart = template.spec?.restartPolicy;
    if (restart !== undefined && restart !== 'Always') causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
    return causes;
  },
  fieldLabels: (obj) => ({ 'status.replicas': String(((obj.status ?? {}) as Obj).replicas ?? 0) }),
};

export const podTemplateStrategy: Strategy = {
  defaults(obj) {
    defaultPodTemplate((obj as Obj).template as Obj | undefined);
  },
  validate(obj) {
    const template = (obj as Obj).template as Template | undefined;
    if (!template) return [required('template')];
    return [...validateLabels(template.metadata?.labels, 'template.metadata.labels'), ...validatePodSpec(template.spec, 'template.spec')];
  },
};
