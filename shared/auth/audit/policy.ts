import * as yaml from 'js-yaml';

/**
 * An `audit.k8s.io/v1` Policy: the first rule that matches a request gives its level. Rules match
 * on users, userGroups, verbs, namespaces, resources (group, resources as `pods` or `pods/log`,
 * a wildcard for any resource or any subresource, resourceNames) and nonResourceURLs (`/healthz` and prefix wildcards).
 */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
const LEVELS: AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

export interface GroupResources {
  group?: string;
  resources?: string[];
  resourceNames?: string[];
}

export interface PolicyRule {
  level: AuditLevel;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  namespaces?: string[];
  resources?: GroupResources[];
  nonResourceURLs?: string[];
}

export interface AuditPolicy {
  rules: PolicyRule[];
  /** Where events go (default: the process's structured logger). */
  write?: (event: Record<string, unknown>) => void;
}

/** Without a policy file every request is recorded at Metadata. */
export const DEFAULT_POLICY: AuditPolicy = { rules: [{ level: 'Metadata' }] };

export interface AuditAttributes {
  user?: { username: string; groups: string[] };
  verb: string;
  namespace?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** A non-resource request's path. */
  path?: string;
}

const matchPattern = (patterns: string[], value: string): boolean =>
  patterns.some((p) => p === '*' || p === value || (p.endsWith('*') && value.startsWith(p.slice(0, -1))));

function ruleMatches(r: PolicyRule, a: AuditAttributes): boolean {
  if (r.users && !r.users.includes(a.user?.username ?? '')) return false;
  if (r.userGroups && !r.userGroups.some((g) => a.user?.groups.includes(g))) return false;
  if (r.verbs && !r.verbs.includes(a.verb)) return false;
  if (a.resource === undefined) {
    if (r.resources || r.namespaces) return false;
    return !r.nonResourceURLs || matchPattern(r.nonResourceURLs, a.path ?? '');
  }
  if (r.nonResourceURLs) return false;
  if (r.namespaces && !r.namespaces.includes(a.namespace ?? '')) return false;
  if (!r.resources) return true;
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return r.resources.some((g) => {
    if ((g.group ?? '') !== (a.group ?? '') && g.group !== '*') return false;
    if (g.resourceNames && !g.resourceNames.includes(a.name ?? '')) return false;
    if (!g.resources || g.resources.length === 0) return true;
    return g.resources.some((p) => p === full || p === '*' || (p === `${a.resource}/*` && !!a.subresource) || (p === `*/${a.subresource}` && !!a.subresource));
  });
}

/**
 * Resources whose bodies hold credentials are never recorded above Metadata, whatever the policy
 * says: Secrets, TokenRequests (the answer is a token) and TokenReviews (the spec is one).
 */
const METADATA_AT_MOST = new Set(['/secrets', 'authentication.k8s.io/tokenreviews', '/serviceaccounts/token']);

export function levelOf(policy: AuditPolicy, a: AuditAttributes): AuditLevel {
  const rule = policy.rules.find((r) => ruleMatches(r, a));
  const level = rule?.level ?? 'None';
  const key = `${a.group ?? ''}/${a.resource ?? ''}${a.subresource ? `/${a.subresource}` : ''}`;
  // The pod token endpoint's answer is tokens (POD_TOKEN_PATH of nodes/ecs/token-sidecar.ts).
  const sensitive = METADATA_AT_MOST.has(key) || METADATA_AT_MOST.has(`${a.group ?? ''}/${a.resource ?? ''}`) || a.path === '/skiff/v1/pod-token';
  return sensitive && LEVELS.indexOf(level) > 1 ? 'Metadata' : level;
}

/** Reads a Policy document (YAML or JSON) as upstream's --audit-policy-file; errors name the rule. */
export function parsePolicy(text: string): AuditPolicy {
  const doc = yaml.load(text) as { apiVersion?: string; kind?: string; rules?: unknown } | undefined;
  if (!doc || doc.kind !== 'Policy' || !/^audit\.k8s\.io\/v1/.test(doc.apiVersion ?? '')) throw new Error('audit policy: expected kind Policy of audit.k8s.io/v1');
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) throw new Error('audit policy: rules: Required value');
  const rules = doc.rules.map((r: PolicyRule, i: number): PolicyRule => {
    if (!LEVELS.includes(r?.level)) throw new Error(`audit policy: rules[${i}].level: Unsupported value: ${JSON.stringify(r?.level)}: supported values: ${LEVELS.map((l) => `"${l}"`).join(', ')}`);
    if (r.nonResourceURLs && (r.resources || r.namespaces)) throw new Error(`audit policy: rules[${i}].nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs`);
    return r;
  });
  return { rules };
}
