import type { PolicyRule } from '../../api/types';
import type { UserInfo } from '../user';

/**
 * Upstream's escalation check (pkg/registry/rbac/validation): every permission a role (or a bound
 * role) grants, broken down into one verb on one resource or URL, must be covered by a rule the
 * user already holds.
 */
export function covers(owner: PolicyRule[], requested: PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing: PolicyRule[] = [];
  for (const rule of requested) {
    for (const simple of breakdown(rule)) if (!owner.some((o) => ruleCovers(o, simple))) missing.push(simple);
  }
  return { covered: missing.length === 0, missing };
}

/** One rule per group, resource, name and verb (or per URL and verb). */
export function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        for (const name of names) out.push({ apiGroups: [group], resources: [resource], resourceNames: [name], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const has = (set: string[] | undefined, value: string): boolean => (set ?? []).includes(value);
const hasAll = (set: string[] | undefined, values: string[] | undefined): boolean => (values ?? []).every((v) => has(set, v));

export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources ?? [], sub.resources ?? []);
  const urls = (sub.nonResourceURLs ?? []).every((path) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, path)));
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const names = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

function resourceCoversAll(set: string[], wanted: string[]): boolean {
  if (has(set, '*') || hasAll(set, wanted)) return true;
  return wanted.every((path) => {
    if (has(set, path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && has(set, `*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')));
}

/** Upstream's CompactRules: simple rules on the same group and resource merged into one with all their verbs. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  const out: PolicyRule[] = [];
  for (const r of rules) {
    const simple = (r.apiGroups ?? []).length === 1 && (r.resources ?? []).length === 1 && !(r.resourceNames ?? []).length && !(r.nonResourceURLs ?? []).length;
    if (!simple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups?.[0]}\u0000${r.resources?.[0]}`;
    const existing = merged.get(key);
    if (existing) existing.verbs.push(...r.verbs.filter((v) => !existing.verbs.includes(v)));
    else merged.set(key, { apiGroups: [...(r.apiGroups ?? [])], resources: [...(r.resources ?? [])], verbs: [...r.verbs] });
  }
  return [...merged.values(), ...out];
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoted(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** Upstream's CompactString of a rule, as escalation messages list them. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if ((r.apiGroups ?? []).length) parts.push(`APIGroups:${goQuoted(r.apiGroups ?? [])}`);
  if ((r.resources ?? []).length) parts.push(`Resources:${goQuoted(r.resources ?? [])}`);
  if ((r.nonResourceURLs ?? []).length) parts.push(`NonResourceURLs:${goQuoted(r.nonResourceURLs ?? [])}`);
  if ((r.resourceNames ?? []).length) parts.push(`ResourceNames:${goQuoted(r.resourceNames ?? [])}`);
  if (r.verbs.length) parts.push(`Verbs:${goQuoted(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** Upstream's ConfirmNoEscalation message, or undefined when the user holds every requested permission. */
export function escalationMessage(user: UserInfo, owner: PolicyRule[], requested: PolicyRule[], resolutionErrors: string[]): string | undefined {
  const { covered, missing } = covers(owner, requested);
  if (covered) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user "${user.username}" (groups=${goQuoted(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (resolutionErrors.length > 0) msg += `; resolution errors: [${resolutionErrors.join(' ')}]`;
  return msg;
}
