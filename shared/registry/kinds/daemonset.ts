import { sameJson } from '../../api/patch/json';
import { StatusCause } from '../../api/errors';
import { formatLabelSelector, matchesLabelSelector } from '../../api/selectors/labels';
import { immutable } from '../meta';
import { Strategy } from '../resource';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodSpec } from './pod-validate';

type Obj = Record<string, unknown>;
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

const invalid = (field: string, value: unknown, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${message}`, field });

/** An IntOrString as a count against `total` nodes (percent rounded up, as upstream's maxUnavailable for DaemonSets). */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^\d+%$/.test(value)) return undefined;
  const exact = (Number(value.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function validateIntOrPercent(value: unknown, field: string): StatusCause[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
  if (typeof value === 'string' && /^\d+%$/.test(value)) return Number(value.slice(0, -1)) > 100 ? [invalid(field, value, 'must not be greater than 100%')] : [];
  return [invalid(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
}

export const daemonSetStrategy: Strategy = {
  // DaemonSetStatus's four counts are not omitempty upstream: a new DaemonSet shows them as 0.
  prepareForCreate(obj) {
    obj.status ??= { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    const strategy = (spec.updateStrategy ??= {}) as Obj;
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {}) as Obj;
      ru.maxUnavailable ??= 1;
      ru.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    defaultPodTemplate(spec.template as Obj | undefined);
  },
  validate(obj, old) {
    const spec = (obj.spec ?? {}) as Obj;
    const causes: StatusCause[] = [];
    const selector = spec.selector as Selector | undefined;
    const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: Obj } | undefined;
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      causes.push(invalid('spec.selector', selector ?? {}, 'empty selector is invalid for daemonset'));
    } else if (!matchesLabelSelector(selector, template?.metadata?.labels ?? {})) {
      causes.push(invalid('spec.template.metadata.labels', template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
    }
    causes.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
    const restart = template?.spec?.restartPolicy;
    if (restart !== undefined && restart !== 'Always') {
      causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(restart)}: supported values: "Always"`, field: 'spec.template.spec.restartPolicy' });
    }
    const strategy = (spec.updateStrategy ?? {}) as Obj;
    if (strategy.type !== undefined && strategy.type !== 'RollingUpdate' && strategy.type !== 'OnDelete') {
      causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(strategy.type)}: supported values: "OnDelete", "RollingUpdate"`, field: 'spec.updateStrategy.type' });
    }
    const ru = (strategy.rollingUpdate ?? {}) as Obj;
    causes.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable'));
    causes.push(...validateIntOrPercent(ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge'));
    const zero = (v: unknown) => v === 0 || v === '0%';
    if (strategy.type === 'RollingUpdate' && zero(ru.maxUnavailable) && zero(ru.maxSurge)) {
      causes.push(invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    if (old) {
      const before = ((old.spec ?? {}) as Obj).selector;
      if (!sameJson(before, selector)) causes.push(immutable('spec.selector', selector ? formatLabelSelector(selector) : ''));
    }
    return causes;
  },
};

export const controllerRevisionStrategy: Strategy = {
  validate(obj, old) {
    const causes: StatusCause[] = [];
    const revision = (obj as Obj).revision;
    if (typeof revision === 'number' && revision < 0) causes.push(invalid('revision', revision, 'must be greater than or equal to 0'));
    if (old && !sameJson((obj as Obj).data, (old as Obj).data)) causes.push(immutable('data', (obj as Obj).data));
    return causes;
  },
};
