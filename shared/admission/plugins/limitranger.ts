/**
 * The LimitRanger admission plugin: on pod create, containers without requests or limits get the
 * LimitRanges' defaults (`default` limits, `defaultRequest` requests; noted in the
 * kubernetes.io/limit-ranger annotation), then every range's min, max and maxLimitRequestRatio
 * are enforced per container and per pod with upstream's messages.
 */
import { ForbiddenError } from '../../api/errors';
import type { Container, LimitRange, LimitRangeItem, Pod } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes, AdmissionPlugin } from '../attributes';
import { formatMilli, formatOf, milli } from '../quantity';
import { cachedList } from '../cache';

export const LIMIT_RANGES_KEY = 'limitranges';
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

type ResourceList = Record<string, string | number>;

const isPodCreate = (attrs: AdmissionAttributes) =>
  attrs.def.group === '' && attrs.def.resource === 'pods' && attrs.operation === 'CREATE' && !attrs.subresource;

async function rangesOf(ctx: StrategyContext, namespace: string | undefined): Promise<LimitRange[]> {
  if (!namespace) return [];
  return cachedList<LimitRange>(ctx, LIMIT_RANGES_KEY, namespace);
}

const containerItems = (ranges: LimitRange[]): LimitRangeItem[] => ranges.flatMap((r) => r.spec?.limits ?? []).filter((i) => i.type === 'Container');

/** Adds defaults to one container; returns the annotation parts. */
function mergeDefaults(container: Container, limits: ResourceList, requests: ResourceList, prefix: string): string[] {
  const resources = (container.resources ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(limits)) {
    const own = (resources.limits ??= {}) as ResourceList;
    if (own[k] === undefined) {
      own[k] = v;
      setLimits.push(k);
    }
  }
  for (const [k, v] of Object.entries(requests)) {
    const own = (resources.requests ??= {}) as ResourceList;
    if (own[k] === undefined) {
      own[k] = v;
      setRequests.push(k);
    }
  }
  if (resources.limits && Object.keys(resources.limits).length === 0) delete resources.limits;
  if (resources.requests && Object.keys(resources.requests).length === 0) delete resources.requests;
  const parts: string[] = [];
  if (setRequests.length > 0) parts.push(`${setRequests.sort().join(', ')} request for ${prefix} ${container.name}`);
  if (setLimits.length > 0) parts.push(`${setLimits.sort().join(', ')} limit for ${prefix} ${container.name}`);
  return parts;
}

async function applyDefaults(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<void> {
  const items = containerItems(await rangesOf(ctx, attrs.namespace));
  if (items.length === 0) return;
  const limits: ResourceList = {};
  const requests: ResourceList = {};
  for (const item of items) {
    Object.assign(limits, item.default ?? {});
    Object.assign(requests, item.defaultRequest ?? {});
  }
  const pod = attrs.object as Pod;
  const spec = pod.spec;
  if (!spec) return;
  const parts = [
    ...(spec.containers ?? []).flatMap((c) => mergeDefaults(c, limits, requests, 'container')),
    ...(spec.initContainers ?? []).flatMap((c) => mergeDefaults(c, limits, requests, 'init container')),
  ];
  if (parts.length === 0) return;
  const meta = (pod.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${parts.join('; ')}` };
}

export const limitRangerMutating: AdmissionPlugin = { name: 'LimitRanger', handles: isPodCreate, admit: applyDefaults };

const show = (q: string | number): string => formatMilli(milli(q), formatOf(q));

export function minConstraint(type: string, name: string, enforced: string | number, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (req === undefined) return `minimum ${name} usage per ${type} is ${show(enforced)}.  No request is specified`;
  if (milli(req) < milli(enforced)) return `minimum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(req)}`;
  if (lim !== undefined && milli(lim) < milli(enforced)) return `minimum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(lim)}`;
  return undefined;
}

export function maxConstraint(type: string, name: string, enforced: string | number, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${show(enforced)}.  No limit is specified`;
  if (milli(lim) > milli(enforced)) return `maximum ${name} usage per ${type} is ${show(enforced)}, but limit is ${show(lim)}`;
  if (req !== undefined && milli(req) > milli(enforced)) return `maximum ${name} usage per ${type} is ${show(enforced)}, but request is ${show(req)}`;
  return undefined;
}

export function ratioConstraint(type: string, name: string, enforced: string | number, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (req === undefined || milli(req) === 0) {
    return `${name} max limit to request ratio per ${type} is ${show(enforced)}, but no request is specified or request is 0`;
  }
  if (lim === undefined || milli(lim) === 0) {
    return `${name} max limit to request ratio per ${type} is ${show(enforced)}, but no limit is specified or limit is 0`;
  }
  const ratio = milli(lim) / milli(req);
  if (ratio * 1000 > milli(enforced)) {
    return `${name} max limit to request ratio per ${type} is ${show(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  }
  return undefined;
}

function checkItem(item: LimitRangeItem, type: string, requests: ResourceList, limits: ResourceList): string[] {
  const errors: (string | undefined)[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) errors.push(minConstraint(type, k, v, requests, limits));
  for (const [k, v] of Object.entries(item.max ?? {})) errors.push(maxConstraint(type, k, v, requests, limits));
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) errors.push(ratioConstraint(type, k, v, requests, limits));
  return errors.filter((e): e is string => e !== undefined);
}

/** A pod's total: containers summed, each init container taken when larger (upstream's pod requests). */
function podTotal(spec: NonNullable<Pod['spec']>, field: 'requests' | 'limits'): ResourceList {
  const sum: Record<string, number> = {};
  for (const c of spec.containers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as ResourceList)) sum[k] = (sum[k] ?? 0) + milli(v);
  }
  for (const c of spec.initContainers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as ResourceList)) sum[k] = Math.max(sum[k] ?? 0, milli(v));
  }
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, `${v}m`]));
}

async function enforce(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<void> {
  const ranges = await rangesOf(ctx, attrs.namespace);
  const spec = (attrs.object as Pod).spec;
  if (ranges.length === 0 || !spec) return;
  const errors: string[] = [];
  for (const item of ranges.flatMap((r) => r.spec?.limits ?? [])) {
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        errors.push(...checkItem(item, 'Container', (c.resources?.requests ?? {}) as ResourceList, (c.resources?.limits ?? {}) as ResourceList));
      }
    } else if (item.type === 'Pod') {
      errors.push(...checkItem(item, 'Pod', podTotal(spec, 'requests'), podTotal(spec, 'limits')));
    }
  }
  if (errors.length === 0) return;
  throw new ForbiddenError({ group: '', resource: 'pods' }, attrs.name, errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
}

export const limitRangerValidating: AdmissionPlugin = { name: 'LimitRanger', handles: isPodCreate, admit: enforce };
