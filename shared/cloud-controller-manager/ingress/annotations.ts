import type { Ingress } from '../../api/types';
import { keyValues } from '../service/annotations';

/** aws-load-balancer-controller's Ingress annotation names (docs/load-balancers.md lists each one). */
const P = 'alb.ingress.kubernetes.io/';
export const INGRESS_ANNOTATIONS = {
  groupName: `${P}group.name`,
  groupOrder: `${P}group.order`,
  scheme: `${P}scheme`,
  certificateArn: `${P}certificate-arn`,
  listenPorts: `${P}listen-ports`,
  sslPolicy: `${P}ssl-policy`,
  inboundCidrs: `${P}inbound-cidrs`,
  targetType: `${P}target-type`,
  healthCheckPath: `${P}healthcheck-path`,
  successCodes: `${P}success-codes`,
  tags: `${P}tags`,
} as const;

export interface ListenPort {
  protocol: 'HTTP' | 'HTTPS';
  port: number;
}

/** One Ingress's settings; group-wide ones (scheme, certificates, cidrs, policy, tags) are merged by the plan. */
export interface IngressOptions {
  groupName?: string;
  order: number;
  scheme?: 'internet-facing' | 'internal';
  certificateArns: string[];
  listenPorts: ListenPort[];
  sslPolicy?: string;
  inboundCidrs?: string[];
  healthCheckPath?: string;
  successCodes?: string;
  tags: Record<string, string>;
}

export type ParsedIngress = { ok: true; options: IngressOptions } | { ok: false; problems: string[] };

const GROUP_NAME = /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function validCidr(v: string): boolean {
  const m = CIDR.exec(v);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

function parseListenPorts(v: string): ListenPort[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const out: ListenPort[] = [];
  for (const entry of parsed) {
    if (!entry || typeof entry !== 'object' || Object.keys(entry).length !== 1) return undefined;
    const [protocol, port] = Object.entries(entry as Record<string, unknown>)[0];
    if ((protocol !== 'HTTP' && protocol !== 'HTTPS') || typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
    if (!out.some((p) => p.port === port)) out.push({ protocol, port });
  }
  return out;
}

/** The settings an Ingress's annotations ask for, or the problems, each naming its annotation. */
export function parseIngressAnnotations(ingress: Ingress): ParsedIngress {
  const a = ingress.metadata?.annotations ?? {};
  const A = INGRESS_ANNOTATIONS;
  const problems: string[] = [];
  const bad = (key: string, why: string) => problems.push(`annotation ${key}=${JSON.stringify(a[key])}: ${why}`);
  const options: IngressOptions = { order: 0, certificateArns: [], listenPorts: [], tags: {} };

  if (a[A.groupName] !== undefined) {
    const v = a[A.groupName].trim();
    if (v.length > 63 || !GROUP_NAME.test(v)) bad(A.groupName, 'must be at most 63 lower case alphanumeric characters, "-" or ".", starting and ending alphanumeric');
    else options.groupName = v;
  }
  if (a[A.groupOrder] !== undefined) {
    const v = a[A.groupOrder].trim();
    if (!/^-?\d+$/.test(v) || Number(v) < -1000 || Number(v) > 1000) bad(A.groupOrder, 'must be an integer from -1000 to 1000');
    else options.order = Number(v);
  }
  if (a[A.scheme] !== undefined) {
    const v = a[A.scheme].trim();
    if (v !== 'internal' && v !== 'internet-facing') bad(A.scheme, 'must be "internal" or "internet-facing"');
    else options.scheme = v;
  }
  if (a[A.certificateArn] !== undefined) {
    const arns = a[A.certificateArn].split(',').map((s) => s.trim()).filter(Boolean);
    if (arns.length === 0 || arns.some((s) => !/^arn:aws[a-z-]*:(acm|iam):/.test(s))) bad(A.certificateArn, 'must be ACM or IAM certificate ARNs, separated by commas');
    else options.certificateArns = arns;
  }
  if (a[A.listenPorts] !== undefined) {
    const ports = parseListenPorts(a[A.listenPorts]);
    if (!ports) bad(A.listenPorts, 'must be a JSON list such as [{"HTTP": 80}, {"HTTPS": 443}]');
    else options.listenPorts = ports;
  } else {
    // aws-load-balancer-controller's default: HTTPS:443 once TLS is asked for (a certificate or spec.tls), else HTTP:80.
    const tls = options.certificateArns.length > 0 || (ingress.spec?.tls ?? []).length > 0;
    options.listenPorts = [tls ? { protocol: 'HTTPS', port: 443 } : { protocol: 'HTTP', port: 80 }];
  }
  if ((ingress.spec?.tls ?? []).length > 0 && a[A.certificateArn] === undefined) {
    problems.push(`spec.tls needs annotation ${A.certificateArn}: certificates are not discovered from spec.tls hosts`);
  }
  if (a[A.sslPolicy] !== undefined) {
    if (!/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(a[A.sslPolicy].trim())) bad(A.sslPolicy, 'must name an ELBSecurityPolicy-* policy');
    else options.sslPolicy = a[A.sslPolicy].trim();
  }
  if (a[A.inboundCidrs] !== undefined) {
    const cidrs = a[A.inboundCidrs].split(',').map((s) => s.trim()).filter(Boolean);
    if (cidrs.length === 0 || !cidrs.every(validCidr)) bad(A.inboundCidrs, 'must be IPv4 CIDRs separated by commas');
    else options.inboundCidrs = [...new Set(cidrs)].sort();
  }
  if (a[A.targetType] !== undefined && a[A.targetType].trim() !== 'ip') bad(A.targetType, 'only "ip" is supported (pods are ECS tasks with their own addresses)');
  if (a[A.healthCheckPath] !== undefined) {
    if (!a[A.healthCheckPath].startsWith('/')) bad(A.healthCheckPath, 'must start with "/"');
    else options.healthCheckPath = a[A.healthCheckPath];
  }
  if (a[A.successCodes] !== undefined) {
    if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(a[A.successCodes].trim())) bad(A.successCodes, 'must be HTTP codes such as "200" or "200-399"');
    else options.successCodes = a[A.successCodes].trim();
  }
  if (a[A.tags] !== undefined) {
    for (const [k, v] of keyValues(a[A.tags])) {
      if (!k || k.startsWith('aws:') || k.startsWith('skiff.dev/')) bad(A.tags, `tag key ${JSON.stringify(k)} is reserved or empty`);
      else options.tags[k] = v;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}
