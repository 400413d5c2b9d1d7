import type { ResourceDef } from '../registry/resource';
import { compareGroups } from './group-priority';

/**
 * Kubernetes' version priority (apimachinery's CompareKubeAwareVersionStrings): GA before beta
 * before alpha, higher numbers first within each; other names last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0), v];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3].localeCompare(rb[3]);
}

/** Group versions in the order discovery lists them: groups by upstream's priority (core first), versions by priority. */
export function servedGroupVersions(defs: ResourceDef[]): { group: string; version: string }[] {
  const groups = new Map<string, Set<string>>();
  for (const d of defs) groups.set(d.group, (groups.get(d.group) ?? new Set()).add(d.version));
  return [...groups].sort(([a], [b]) => compareGroups(a, b)).flatMap(([group, versions]) => [...versions].sort(compareVersions).map((version) => ({ group, version })));
}
