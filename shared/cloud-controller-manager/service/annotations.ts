import type { Service } from '../../api/types';
import type { HealthCheck } from '../elb/model';

/** Annotation names from upstream's AWS cloud provider and aws-load-balancer-controller (docs/load-balancers.md). */
const P = 'service.beta.kubernetes.io/aws-load-balancer-';
export const SERVICE_ANNOTATIONS = {
  internal: `${P}internal`,
  scheme: `${P}scheme`,
  sslCert: `${P}ssl-cert`,
  sslPorts: `${P}ssl-ports`,
  sslPolicy: `${P}ssl-negotiation-policy`,
  idleTimeout: `${P}connection-idle-timeout`,
  healthCheckPath: `${P}healthcheck-path`,
  healthCheckPort: `${P}healthcheck-port`,
  healthCheckInterval: `${P}healthcheck-interval`,
  healthCheckTimeout: `${P}healthcheck-timeout`,
  healthyThreshold: `${P}healthcheck-healthy-threshold`,
  unhealthyThreshold: `${P}healthcheck-unhealthy-threshold`,
  successCodes: `${P}healthcheck-success-codes`,
  targetGroupAttributes: `${P}target-group-attributes`,
  additionalTags: `${P}additional-resource-tags`,
} as const;

export interface ServiceLbOptions {
  scheme: 'internet-facing' | 'internal';
  idleTimeoutSeconds: number;
  certificateArn?: string;
  /** Service ports (names or numbers) served over HTTPS; all when a certificate is set without a list. */
  sslPorts?: string[];
  sslPolicy?: string;
  healthCheck: Partial<HealthCheck>;
  deregistrationDelaySeconds: number;
  extraTags: Record<string, string>;
}

/** The options the annotations ask for, or the problems that name each bad annotation. */
export type Parsed = { ok: true; options: ServiceLbOptions } | { ok: false; problems: string[] };

const DEFAULT_DEREGISTRATION_DELAY = 300;

function int(v: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

export function parseServiceAnnotations(svc: Service): Parsed {
  const a = svc.metadata?.annotations ?? {};
  const A = SERVICE_ANNOTATIONS;
  const problems: string[] = [];
  const bad = (key: string, why: string) => problems.push(`annotation ${key}=${JSON.stringify(a[key])}: ${why}`);
  const options: ServiceLbOptions = { scheme: 'internet-facing', idleTimeoutSeconds: 60, healthCheck: {}, deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY, extraTags: {} };

  let internal: boolean | undefined;
  if (a[A.internal] !== undefined) {
    const v = a[A.internal].trim().toLowerCase();
    // Upstream's provider takes any non-empty value but "false" as internal; "0.0.0.0/0" is its historical spelling.
    if (v === 'false') internal = false;
    else if (v === 'true' || v === '0.0.0.0/0') internal = true;
    else bad(A.internal, 'must be "true" or "false"');
  }
  if (a[A.scheme] !== undefined) {
    const v = a[A.scheme].trim();
    if (v !== 'internal' && v !== 'internet-facing') bad(A.scheme, 'must be "internal" or "internet-facing"');
    else if (internal !== undefined && internal !== (v === 'internal')) bad(A.scheme, `contradicts ${A.internal}=${JSON.stringify(a[A.internal])}`);
    else options.scheme = v;
  } else if (internal) options.scheme = 'internal';

  if (a[A.idleTimeout] !== undefined) {
    const n = int(a[A.idleTimeout], 1, 4000);
    if (n === undefined) bad(A.idleTimeout, 'must be a number of seconds from 1 to 4000');
    else options.idleTimeoutSeconds = n;
  }

  if (a[A.sslCert] !== undefined) {
    const arns = a[A.sslCert].split(',').map((s) => s.trim()).filter(Boolean);
    if (arns.length === 0 || arns.some((s) => !/^arn:aws[a-z-]*:(acm|iam):/.test(s))) bad(A.sslCert, 'must be an ACM or IAM certificate ARN');
    else options.certificateArn = arns[0];
  }
  if (a[A.sslPorts] !== undefined) {
    const wanted = a[A.sslPorts].split(',').map((s) => s.trim()).filter(Boolean);
    const ports = svc.spec?.ports ?? [];
    const unknown = wanted.filter((w) => w !== '*' && !ports.some((p) => p.name === w || String(p.port) === w));
    if (a[A.sslCert] === undefined) bad(A.sslPorts, `needs ${A.sslCert}`);
    else if (unknown.length > 0) bad(A.sslPorts, `names no port of the service: ${unknown.join(', ')}`);
    else options.sslPorts = wanted.includes('*') ? undefined : wanted;
  }
  if (a[A.sslPolicy] !== undefined) {
    if (!/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(a[A.sslPolicy].trim())) bad(A.sslPolicy, 'must name an ELBSecurityPolicy-* policy');
    else options.sslPolicy = a[A.sslPolicy].trim();
  }

  const hc = options.healthCheck;
  if (a[A.healthCheckPath] !== undefined) {
    if (!a[A.healthCheckPath].startsWith('/')) bad(A.healthCheckPath, 'must start with "/"');
    else hc.path = a[A.healthCheckPath];
  }
  if (a[A.healthCheckPort] !== undefined) {
    const v = a[A.healthCheckPort].trim();
    if (v !== 'traffic-port' && int(v, 1, 65535) === undefined) bad(A.healthCheckPort, 'must be "traffic-port" or a port number');
    else hc.port = v;
  }
  const numbers: [string, keyof HealthCheck, number, number][] = [
    [A.healthCheckInterval, 'intervalSeconds', 5, 300],
    [A.healthCheckTimeout, 'timeoutSeconds', 2, 120],
    [A.healthyThreshold, 'healthyThreshold', 2, 10],
    [A.unhealthyThreshold, 'unhealthyThreshold', 2, 10],
  ];
  for (const [key, field, min, max] of numbers) {
    if (a[key] === undefined) continue;
    const n = int(a[key], min, max);
    if (n === undefined) bad(key, `must be a number from ${min} to ${max}`);
    else (hc as Record<string, number>)[field] = n;
  }
  if (hc.intervalSeconds !== undefined && hc.timeoutSeconds !== undefined && hc.timeoutSeconds >= hc.intervalSeconds) {
    bad(A.healthCheckTimeout, `must be less than ${A.healthCheckInterval}`);
  }
  if (a[A.successCodes] !== undefined) {
    if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(a[A.successCodes].trim())) bad(A.successCodes, 'must be HTTP codes such as "200" or "200-399"');
    else hc.matcher = a[A.successCodes].trim();
  }

  if (a[A.targetGroupAttributes] !== undefined) {
    for (const pair of keyValues(a[A.targetGroupAttributes])) {
      if (pair[0] !== 'deregistration_delay.timeout_seconds') bad(A.targetGroupAttributes, `attribute ${pair[0]} is not supported`);
      else if (int(pair[1], 0, 3600) === undefined) bad(A.targetGroupAttributes, 'deregistration_delay.timeout_seconds must be 0 to 3600');
      else options.deregistrationDelaySeconds = Number(pair[1]);
    }
  }
  if (a[A.additionalTags] !== undefined) {
    for (const [k, v] of keyValues(a[A.additionalTags])) {
      if (!k || k.startsWith('aws:') || k.startsWith('skiff.dev/')) bad(A.additionalTags, `tag key ${JSON.stringify(k)} is reserved or empty`);
      else options.extraTags[k] = v;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}

/** `k1=v1,k2=v2`, as both upstream controllers spell maps in annotations. */
export function keyValues(v: string): [string, string][] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const eq = s.indexOf('=');
      return eq < 0 ? [s, ''] : [s.slice(0, eq).trim(), s.slice(eq + 1).trim()];
    });
}
