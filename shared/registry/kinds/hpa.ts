import type { StatusCause } from '../../api/errors';
import type { HorizontalPodAutoscalerSpec, HPAScalingRules, MetricSpec, MetricTarget } from '../../api/types';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { validatePathSegment } from '../../api/validation/names';
import { parseMilliValue } from '../../scheduler/quantity';
import type { Strategy } from '../resource';
import { defaultHpaSpec } from './hpa-defaults';

const SOURCE_TYPES = ['Object', 'Pods', 'Resource', 'External', 'ContainerResource'];
const SOURCE_FIELD: Record<string, keyof MetricSpec> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const MAX_PERIOD_SECONDS = 1800;

/** Upstream's HorizontalPodAutoscaler strategy: v2 defaults, then ValidateHorizontalPodAutoscalerSpec's checks and messages. */
export const horizontalPodAutoscalerStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { desiredReplicas: 0 };
  },
  defaults(obj) {
    if (obj.spec) defaultHpaSpec(obj.spec as HorizontalPodAutoscalerSpec);
  },
  validate(obj) {
    return validateHpaSpec((obj.spec ?? {}) as HorizontalPodAutoscalerSpec);
  },
};

export function validateHpaSpec(spec: HorizontalPodAutoscalerSpec): StatusCause[] {
  const causes: StatusCause[] = [];
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) causes.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if (spec.maxReplicas < 1) causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than 0'));
  if (spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) {
    causes.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  causes.push(...validateReference(spec.scaleTargetRef ?? { kind: '', name: '' }, 'spec.scaleTargetRef'));
  (spec.metrics ?? []).forEach((m, i) => causes.push(...validateMetric(m, `spec.metrics[${i}]`)));
  if (spec.behavior?.scaleUp) causes.push(...validateRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
  if (spec.behavior?.scaleDown) causes.push(...validateRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  return causes;
}

function validateReference(ref: { kind?: string; name?: string }, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['kind', 'name'] as const) {
    const value = ref[field] ?? '';
    if (!value) causes.push(required(`${path}.${field}`));
    else for (const msg of validatePathSegment(value)) causes.push(invalid(`${path}.${field}`, value, msg));
  }
  return causes;
}

function validateMetric(m: MetricSpec, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const present = SOURCE_TYPES.filter((t) => m[SOURCE_FIELD[t]] !== undefined);
  if (!m.type) causes.push(required(`${path}.type`, 'must specify a metric source type'));
  else if (!SOURCE_TYPES.includes(m.type)) causes.push(notSupported(`${path}.type`, m.type, SOURCE_TYPES));
  else if (m[SOURCE_FIELD[m.type]] === undefined) causes.push(required(`${path}.${SOURCE_FIELD[m.type]}`, 'must populate information for the given metric source'));
  if (present.length > 1 || (present.length === 1 && present[0] !== m.type)) {
    for (const t of present.filter((t) => t !== m.type)) causes.push(forbidden(`${path}.${SOURCE_FIELD[t]}`, 'must populate the given metric source only'));
  }
  for (const [field, src] of [['resource', m.resource], ['containerResource', m.containerResource]] as const) {
    if (!src) continue;
    const p = `${path}.${field}`;
    if (!src.name) causes.push(required(`${p}.name`, 'must specify a resource name'));
    if (field === 'containerResource' && !m.containerResource?.container) causes.push(required(`${p}.container`, 'must specify a container'));
    causes.push(...validateTarget(src.target, `${p}.target`));
    if (src.target.averageUtilization === undefined && src.target.averageValue === undefined) {
      causes.push(required(`${p}.target.averageUtilization`, 'must set either a target raw value or a target utilization'));
    }
    if (src.target.averageUtilization !== undefined && src.target.averageValue !== undefined) {
      causes.push(forbidden(`${p}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
    }
  }
  for (const [field, src] of [['pods', m.pods], ['object', m.object], ['external', m.external]] as const) {
    if (!src) continue;
    if (!src.metric?.name) causes.push(required(`${path}.${field}.metric.name`, 'must specify a metric name'));
    causes.push(...validateTarget(src.target, `${path}.${field}.target`));
  }
  return causes;
}

const positive = (q: string | number): boolean => {
  try {
    return parseMilliValue(q) > 0;
  } catch {
    return false;
  }
};

function validateTarget(t: MetricTarget, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!t.type) causes.push(required(`${path}.type`, 'must specify a metric target type'));
  else if (!['Utilization', 'Value', 'AverageValue'].includes(t.type)) causes.push(invalid(`${path}.type`, t.type, 'must be either Utilization, Value, or AverageValue'));
  if (t.value !== undefined && !positive(t.value)) causes.push(invalid(`${path}.value`, t.value, 'must be positive'));
  if (t.averageValue !== undefined && !positive(t.averageValue)) causes.push(invalid(`${path}.averageValue`, t.averageValue, 'must be positive'));
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) causes.push(invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return causes;
}

function validateRules(r: HPAScalingRules, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const w = r.stabilizationWindowSeconds;
  if (w !== undefined && w < 0) causes.push(invalid(`${path}.stabilizationWindowSeconds`, w, 'must be greater than or equal to zero'));
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW_SECONDS) causes.push(invalid(`${path}.stabilizationWindowSeconds`, w, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  if (r.selectPolicy !== undefined && !SELECT_POLICIES.includes(r.selectPolicy)) causes.push(notSupported(`${path}.selectPolicy`, r.selectPolicy, SELECT_POLICIES));
  if (!r.policies || r.policies.length === 0) causes.push(required(`${path}.policies`, 'must specify at least one Policy'));
  (r.policies ?? []).forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(p.type)) causes.push(notSupported(`${pp}.type`, p.type, POLICY_TYPES));
    if (p.value <= 0) causes.push(invalid(`${pp}.value`, p.value, 'must be greater than zero'));
    if (p.periodSeconds <= 0) causes.push(invalid(`${pp}.periodSeconds`, p.periodSeconds, 'must be greater than zero'));
    if (p.periodSeconds > MAX_PERIOD_SECONDS) causes.push(invalid(`${pp}.periodSeconds`, p.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return causes;
}
