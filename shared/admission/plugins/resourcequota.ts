/**
 * The ResourceQuota admission plugin: a create in a namespace with quotas is refused (403) when it
 * would take a tracked resource past a quota's hard limit, with upstream's `exceeded quota: ...`
 * message; otherwise each affected quota's status.used is raised by a conditional write in the
 * object's own transaction (upstream's quota accounting), and the quota controller recounts later.
 */
import { ForbiddenError } from '../../api/errors';
import type { Pod, ResourceQuota } from '../../api/types';
import { storageKey, type StrategyContext } from '../../registry/resource';
import { quotaMarker } from '../quota/marker';
import type { AdmissionAttributes, AdmissionPlugin } from '../attributes';
import { formatMilli, formatOf, milli } from '../quantity';
import { inScope, Usage, usageOf } from '../quota/usage';

export const QUOTAS_KEY = 'resourcequotas';

type Quantities = Record<string, string | number>;

const pretty = (names: string[], values: (name: string) => string): string =>
  [...names].sort().map((n) => `${n}=${values(n)}`).join(',');

/** Compute names a quota tracks that every container must then state (upstream's "must specify"). */
function missingSpecs(quota: ResourceQuota, pod: Pod): string[] {
  const hard = Object.keys(quota.status?.hard ?? quota.spec?.hard ?? {});
  const missing: string[] = [];
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const name of hard) {
    const m = /^(requests|limits)\.(cpu|memory|ephemeral-storage)$/.exec(name) ?? (/^(cpu|memory|ephemeral-storage)$/.exec(name) ? [name, 'requests', name] : null);
    if (!m) continue;
    const [, field, resource] = m;
    if (containers.some((c) => (c.resources?.[field as 'requests' | 'limits'] as Quantities | undefined)?.[resource] === undefined)) missing.push(name);
  }
  return missing;
}

function check(quota: ResourceQuota, requested: Usage, attrs: AdmissionAttributes): Usage | undefined {
  const name = String(quota.metadata?.name);
  const gr = { group: attrs.def.group, resource: attrs.def.resource };
  const hard = (quota.status?.hard ?? quota.spec?.hard ?? {}) as Quantities;
  const tracked = Object.keys(requested).filter((r) => hard[r] !== undefined);
  if (tracked.length === 0) return undefined;
  const used = (quota.status?.used ?? {}) as Quantities;
  const unknown = tracked.filter((r) => used[r] === undefined);
  if (unknown.length > 0) throw new ForbiddenError(gr, attrs.name, `status unknown for quota: ${name}, resource: ${unknown.sort().join(',')}`);
  if (attrs.def.resource === 'pods' && attrs.def.group === '') {
    const missing = missingSpecs(quota, attrs.object as Pod);
    if (missing.length > 0) throw new ForbiddenError(gr, attrs.name, `failed quota: ${name}: must specify ${missing.sort().join(',')}`);
  }
  const exceeded = tracked.filter((r) => milli(used[r]) + requested[r] > milli(hard[r]));
  if (exceeded.length > 0) {
    const fmt = (r: string) => formatOf(hard[r]);
    throw new ForbiddenError(
      gr,
      attrs.name,
      `exceeded quota: ${name}, requested: ${pretty(exceeded, (r) => formatMilli(requested[r], fmt(r)))}, used: ${pretty(exceeded, (r) =>
        formatMilli(milli(used[r]), fmt(r)),
      )}, limited: ${pretty(exceeded, (r) => formatMilli(milli(hard[r]), fmt(r)))}`,
    );
  }
  const next: Usage = {};
  for (const r of tracked) next[r] = milli(used[r]) + requested[r];
  return next;
}

/** Per store, the namespaces known to have a marker: it never goes away, so what is known stays true. */
const marked = new WeakMap<object, Set<string>>();
function markedOf(ctx: StrategyContext): Set<string> {
  let known = marked.get(ctx.store);
  if (!known) marked.set(ctx.store, (known = new Set()));
  return known;
}

async function admit(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<void> {
  const namespace = String(attrs.namespace);
  const key = storageKey(attrs.def);
  const known = markedOf(ctx);
  // A namespace that has never had a quota needs no read: the create commits on the condition that
  // its marker is still absent, and is admitted again, reading its quotas, if one appeared meanwhile.
  // (A quota's own create puts the marker, so it reads.)
  if (!attrs.dryRun && key !== QUOTAS_KEY && !known.has(namespace)) {
    (attrs.checks ??= []).push({ write: { check: quotaMarker(namespace), condition: { absent: true } }, failed: () => known.add(namespace) });
    return;
  }
  const requested = usageOf(key, attrs.object as never);
  // The quotas as committed now (no list revision is needed: the raise below is conditional on each one read).
  const quotas = (await ctx.store.current(QUOTAS_KEY, namespace)) as ResourceQuota[];
  if (quotas.length > 0) known.add(namespace);
  const raises: { quota: ResourceQuota; used: Usage }[] = [];
  for (const quota of quotas) {
    if (!inScope(quota, key, attrs.object as never)) continue;
    const used = check(quota, requested, attrs);
    if (used) raises.push({ quota, used });
  }
  if (attrs.dryRun) return;
  // The raised usage commits in the object's own transaction, conditional on the quota read here:
  // the quota controller's recount, which reads the quota before it lists, can then never miss an
  // admitted object whose usage it sees, and a concurrent create makes this one be admitted again.
  for (const { quota, used } of raises) {
    const status = structuredClone(quota.status ?? {});
    const hard = (status.hard ?? quota.spec?.hard ?? {}) as Quantities;
    status.used = { ...(status.used ?? {}) };
    for (const [r, v] of Object.entries(used)) status.used[r] = formatMilli(v, formatOf(hard[r]));
    (attrs.companions ??= []).push({
      resource: QUOTAS_KEY,
      type: 'MODIFIED',
      obj: { ...quota, status } as never,
      expect: { kind: 'rev', rev: String(quota.metadata?.resourceVersion) },
    });
  }
}

export const resourceQuotaValidating: AdmissionPlugin = {
  name: 'ResourceQuota',
  handles: (attrs) => attrs.operation === 'CREATE' && !attrs.subresource && attrs.def.namespaced && attrs.namespace !== undefined,
  admit,
};
