/** v1 ResourceQuota and LimitRange: upstream's defaults and validation. */
import type { StatusCause } from '../../api/errors';
import { forbidden, invalid, notSupported } from '../../api/validation/field';
import type { LimitRangeItem, ResourceQuota } from '../../api/types';
import { milli } from '../../admission/quantity';
import { putQuotaMarker } from '../../admission/quota/marker';
import type { Strategy } from '../resource';

type List = Record<string, string | number>;

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

function nonNegative(list: List | undefined, path: string): StatusCause[] {
  return Object.entries(list ?? {})
    .filter(([, v]) => milli(v) < 0)
    .map(([k, v]) => invalid(`${path}[${k}]`, v, 'must be greater than or equal to 0'));
}

export const resourceQuotaStrategy: Strategy = {
  validate(obj) {
    const quota = obj as ResourceQuota;
    const causes = [...nonNegative(quota.spec?.hard as List, 'spec.hard')];
    const scopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
    for (const [i, s] of (quota.spec?.scopes ?? []).entries()) if (!scopes.includes(s)) causes.push(notSupported(`spec.scopes[${i}]`, s, scopes));
    return causes;
  },
  // A new quota marks its namespace (the quota admission plugin's shortcut where none ever was).
  async allocate(_ctx, obj, old) {
    return old ? undefined : putQuotaMarker(String(obj.metadata.namespace));
  },
};

/** Upstream's SetDefaults_LimitRangeItem for containers: default from max, defaultRequest from default, then min. */
function defaultItem(item: LimitRangeItem): void {
  if (item.type !== 'Container') return;
  const def: List = { ...(item.default ?? {}) };
  const req: List = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
  for (const [k, v] of Object.entries(def)) req[k] ??= v;
  for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
  if (Object.keys(def).length > 0) item.default = def;
  if (Object.keys(req).length > 0) item.defaultRequest = req;
}

function validateItem(item: LimitRangeItem, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!LIMIT_TYPES.includes(item.type)) causes.push(notSupported(`${path}.type`, item.type, LIMIT_TYPES));
  if (item.type === 'Pod') {
    if (item.default) causes.push(forbidden(`${path}.default`, "may not be specified when `type` is 'Pod'"));
    if (item.defaultRequest) causes.push(forbidden(`${path}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
  }
  for (const [field, list] of Object.entries({ max: item.max, min: item.min, default: item.default, defaultRequest: item.defaultRequest })) {
    causes.push(...nonNegative(list as List, `${path}.${field}`));
  }
  const has = (l: List | undefined, k: string) => l?.[k] !== undefined;
  const keys = new Set([...Object.keys(item.min ?? {}), ...Object.keys(item.max ?? {}), ...Object.keys(item.default ?? {}), ...Object.keys(item.defaultRequest ?? {})]);
  for (const k of keys) {
    const min = item.min?.[k];
    const max = item.max?.[k];
    const dflt = item.default?.[k];
    const req = item.defaultRequest?.[k];
    if (has(item.min, k) && has(item.max, k) && milli(min!) > milli(max!)) {
      causes.push(invalid(`${path}.min[${k}]`, String(min), `min value ${String(min)} is greater than max value ${String(max)}`));
    }
    if (has(item.defaultRequest, k) && has(item.default, k) && milli(req!) > milli(dflt!)) {
      causes.push(invalid(`${path}.defaultRequest[${k}]`, String(req), `default request value ${String(req)} is greater than default limit value ${String(dflt)}`));
    }
    if (has(item.defaultRequest, k) && has(item.min, k) && milli(min!) > milli(req!)) {
      causes.push(invalid(`${path}.defaultRequest[${k}]`, String(req), `min value ${String(min)} is greater than default request value ${String(req)}`));
    }
    if (has(item.defaultRequest, k) && has(item.max, k) && milli(req!) > milli(max!)) {
      causes.push(invalid(`${path}.defaultRequest[${k}]`, String(req), `default request value ${String(req)} is greater than max value ${String(max)}`));
    }
    if (has(item.default, k) && has(item.max, k) && milli(dflt!) > milli(max!)) {
      causes.push(invalid(`${path}.default[${k}]`, String(dflt), `default value ${String(dflt)} is greater than max value ${String(max)}`));
    }
    if (has(item.default, k) && has(item.min, k) && milli(min!) > milli(dflt!)) {
      causes.push(invalid(`${path}.default[${k}]`, String(dflt), `min value ${String(min)} is greater than default value ${String(dflt)}`));
    }
  }
  return causes;
}

export const limitRangeStrategy: Strategy = {
  defaults(obj) {
    for (const item of ((obj.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? [])) defaultItem(item);
  },
  validate(obj) {
    return ((obj.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []).flatMap((item, i) => validateItem(item, `spec.limits[${i}]`));
  },
};
