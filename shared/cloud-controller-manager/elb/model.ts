import { createHash } from 'node:crypto';

/**
 * The ALB a Service or an Ingress group should have, as plain data: planned by pure functions
 * (service/plan.ts, ingress/plan.ts) and made so by elb/apply.ts. Keys (`key`) name target groups
 * within one load balancer; AWS names are derived, at most 32 characters as ELBv2 requires.
 */
export interface DesiredLoadBalancer {
  /** Who owns it, as tagged: `service/<ns>/<name>` or `ingress/<group>`. */
  owner: string;
  name: string;
  scheme: 'internet-facing' | 'internal';
  idleTimeoutSeconds: number;
  /** CIDRs admitted to the listeners' ports. */
  sourceRanges: string[];
  /** Tags on every resource (cluster, owner, the Service's namespace/name/uid). */
  tags: Record<string, string>;
  targetGroups: DesiredTargetGroup[];
  listeners: DesiredListener[];
}

export interface HealthCheck {
  path: string;
  /** `traffic-port` or a port number. */
  port: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  /** HTTP codes counted as healthy, e.g. `200-399`. */
  matcher: string;
}

export interface Target {
  id: string;
  port: number;
}

export interface DesiredTargetGroup {
  key: string;
  name: string;
  /** The port ELBv2 records for the group (targets carry their own). */
  port: number;
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  targets: Target[];
}

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface DesiredRule {
  priority: number;
  hosts: string[];
  /** ALB path patterns (`/api`, `/api/*`). */
  paths: string[];
  targetGroupKey: string;
}

export interface DesiredListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  certificateArn?: string;
  sslPolicy?: string;
  /** The default action: forward to a target group, or a fixed 404 (an Ingress without a default backend). */
  defaultTargetGroupKey?: string;
  rules: DesiredRule[];
}

export const TAG = {
  cluster: 'skiff.dev/cluster',
  owner: 'skiff.dev/owner',
  serviceNamespace: 'skiff.dev/service-namespace',
  serviceName: 'skiff.dev/service-name',
  serviceUid: 'skiff.dev/service-uid',
  targetGroupKey: 'skiff.dev/target-group',
  /** A digest of everything but the targets, so an endpoint change need not re-read the rest. */
  specHash: 'skiff.dev/spec-hash',
  /** Upstream's ownership tag of cluster resources. */
  kubernetesCluster: (cluster: string) => `kubernetes.io/cluster/${cluster}`,
} as const;

const short = (s: string, n: number) => s.replace(/[^a-zA-Z0-9]/g, '').slice(0, n).toLowerCase();
export const digest = (s: string, n = 10) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** `k8s-<ns>-<name>-<hash>`: unique per cluster and owner, within ELBv2's 32 characters. */
export function loadBalancerName(cluster: string, owner: string): string {
  const parts = owner.split('/').slice(1);
  return ['k8s', ...parts.map((p) => short(p, 8)), digest(`${cluster}/${owner}`)].filter(Boolean).join('-');
}

export function targetGroupName(cluster: string, owner: string, key: string): string {
  return `k8s-${short(key, 12)}-${digest(`${cluster}/${owner}/${key}`, 14)}`;
}

/** The digest of a desired load balancer without its targets (what a spec change alters). */
export function specHash(lb: DesiredLoadBalancer): string {
  const { targetGroups, ...rest } = lb;
  return digest(JSON.stringify({ ...rest, targetGroups: targetGroups.map(({ targets: _targets, ...tg }) => tg) }), 16);
}

/** An ALB path pattern for a Kubernetes path: Prefix `/a` matches `/a` and `/a/...`, as upstream defines it. */
export function pathPatterns(path: string, pathType: PathType): string[] {
  if (pathType === 'Exact') return [path];
  if (path === '/' || path === '') return ['/*'];
  const base = path.replace(/\/+$/, '');
  if (pathType === 'ImplementationSpecific') return [path];
  return [base, `${base}/*`];
}
