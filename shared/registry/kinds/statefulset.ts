/** StatefulSet strategy (upstream's pkg/apis/apps/validation ValidateStatefulSet and its defaults). */
import { sameJson } from '../../api/patch/json';
import type { StatusCause } from '../../api/errors';
import { matchesLabelSelector } from '../../api/selectors/labels';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent, type IntOrString } from '../../api/validation/intstr';
import { validateLabels, validateLabelSelector } from '../../api/validation/selector';
import type { Strategy } from '../resource';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodSpec } from './pod-validate';
import { validateClaimSpec } from './storage';

type Obj = Record<string, unknown>;
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** The spec fields an update may change; anything else is upstream's one Forbidden on `spec`. */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
export const STS_IMMUTABLE_MESSAGE =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

const nonNegative = (value: unknown, field: string): StatusCause[] => (typeof value === 'number' && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : []);

function validateUpdateStrategy(spec: Obj): StatusCause[] {
  const strategy = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } };
  const at = 'spec.updateStrategy';
  if (!strategy.type) return [required(at)];
  if (strategy.type === 'OnDelete') return strategy.rollingUpdate ? [invalid(`${at}.rollingUpdate`, strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
  if (strategy.type !== 'RollingUpdate') return [invalid(at, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  const ru = strategy.rollingUpdate ?? {};
  const causes = nonNegative(ru.partition, `${at}.rollingUpdate.partition`);
  if (ru.maxUnavailable !== undefined) {
    const field = `${at}.rollingUpdate.maxUnavailable`;
    causes.push(...validatePositiveIntOrPercent(ru.maxUnavailable, field));
    if (intOrPercentValue(ru.maxUnavailable) === 0) causes.push(invalid(field, ru.maxUnavailable, 'cannot be 0'));
    causes.push(...validateNotMoreThan100Percent(ru.maxUnavailable, field));
  }
  return causes;
}

function validateRetention(spec: Obj): StatusCause[] {
  const policy = spec.persistentVolumeClaimRetentionPolicy as { whenDeleted?: string; whenScaled?: string } | undefined;
  const causes: StatusCause[] = [];
  for (const key of ['whenDeleted', 'whenScaled'] as const) {
    const v = policy?.[key];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') causes.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, v, ['Retain', 'Delete']));
  }
  return causes;
}

function validateSpec(spec: Obj): StatusCause[] {
  const causes: StatusCause[] = [];
  const policy = spec.podManagementPolicy;
  if (!policy) causes.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') causes.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  causes.push(...validateUpdateStrategy(spec), ...validateRetention(spec));
  causes.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  causes.push(...nonNegative((spec.ordinals as Obj | undefined)?.start, 'spec.ordinals.start'));
  causes.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const selector = spec.selector as Selector | undefined;
  const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: Obj } | undefined;
  const selectorCauses = validateLabelSelector(selector, 'spec.selector');
  causes.push(...selectorCauses);
  if (!selector || (!selector.matchLabels && !selector.matchExpressions)) causes.push(required('spec.selector'));
  else if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) causes.push(invalid('spec.selector', {}, 'empty selector is invalid for statefulset'));
  else if (selectorCauses.length === 0 && !matchesLabelSelector(selector, template?.metadata?.labels ?? {})) {
    causes.push(invalid('spec.template.metadata.labels', template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
  }
  causes.push(...validateLabels(template?.metadata?.labels, 'spec.template.metadata.labels'));
  causes.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
  const restart = template?.spec?.restartPolicy;
  if (restart !== undefined && restart !== 'Always') causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (template?.spec?.activeDeadlineSeconds !== undefined) causes.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  ((spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string }; spec?: Obj }[]).forEach((pvc, i) => {
    const at = `spec.volumeClaimTemplates[${i}]`;
    if (!pvc.metadata?.name) causes.push(required(`${at}.metadata.name`, 'name or generateName is required'));
    causes.push(...validateClaimSpec(pvc.spec, `${at}.spec`));
  });
  return causes;
}

const withoutMutable = (spec: Obj): Obj => Object.fromEntries(Object.entries(spec).filter(([k]) => !MUTABLE.includes(k)));

export const statefulSetStrategy: Strategy = {
  // StatefulSetStatus.replicas is not omitempty upstream.
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.replicas ??= 1;
    spec.podManagementPolicy ??= 'OrderedReady';
    const strategy = (spec.updateStrategy ??= {}) as Obj;
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {}) as Obj;
      ru.partition ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {}) as Obj;
    retention.whenDeleted ??= 'Retain';
    retention.whenScaled ??= 'Retain';
    for (const pvc of (spec.volumeClaimTemplates ?? []) as Obj[]) {
      const s = (pvc.spec ??= {}) as Obj;
      s.volumeMode ??= 'Filesystem';
      pvc.status ??= { phase: 'Pending' };
      pvc.apiVersion ??= 'v1';
      pvc.kind ??= 'PersistentVolumeClaim';
    }
    defaultPodTemplate(spec.template as Obj | undefined);
  },
  validate(obj, old) {
    const spec = (obj.spec ?? {}) as Obj;
    const causes = validateSpec(spec);
    if (old && !sameJson(withoutMutable((old.spec ?? {}) as Obj), withoutMutable(spec))) causes.push(forbidden('spec', STS_IMMUTABLE_MESSAGE));
    return causes;
  },
};

