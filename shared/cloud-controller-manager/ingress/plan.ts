import type { EndpointSlice, HTTPIngressPath, Ingress, IngressBackend, IngressClass, Pod, Service, ServicePort } from '../../api/types';
import { INGRESS_CLASS_ANNOTATION } from '../../registry/kinds/ingress-validate';
import { SKIFF_LB_CLASS } from '../names';
import { DesiredListener, DesiredLoadBalancer, DesiredRule, DesiredTargetGroup, HealthCheck, loadBalancerName, PathType, pathPatterns, TAG, targetGroupName } from '../elb/model';
import { healthCheckOf, targetsOfPort } from '../service/targets';
import { INGRESS_ANNOTATIONS, IngressOptions } from './annotations';

/** The finalizer on an Ingress whose ALB rules (or ALB) must go before it does (docs/load-balancers.md). */
export const INGRESS_FINALIZER = 'ingress.skiff.dev/resources';
/** Tags naming the group on every resource, Skiff's and aws-load-balancer-controller's spelling. */
export const GROUP_TAG = 'skiff.dev/ingress-group';
export const STACK_TAG = 'ingress.k8s.aws/stack';
const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const nameOf = (o: { metadata?: { namespace?: string; name?: string } }) => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;

/** The IngressClass an Ingress names: spec.ingressClassName, else the deprecated annotation. */
export function classNameOf(ingress: Ingress): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
}

/** Whether Skiff implements the Ingress: its class exists and names Skiff's controller. Others are left alone. */
export function isOurIngress(ingress: Ingress, classes: IngressClass[]): boolean {
  const name = classNameOf(ingress);
  return name !== undefined && classes.some((c) => c.metadata?.name === name && c.spec?.controller === SKIFF_LB_CLASS);
}

/** The ALB an Ingress shares: its explicit group (group.name), else one per IngressClass. */
export function groupOf(ingress: Ingress): { owner: string; label: string } {
  const explicit = ingress.metadata?.annotations?.[INGRESS_ANNOTATIONS.groupName]?.trim();
  if (explicit) return { owner: `ingress/group/${explicit}`, label: explicit };
  const cls = String(classNameOf(ingress));
  return { owner: `ingress/class/${cls}`, label: cls };
}

export interface Member {
  ingress: Ingress;
  options: IngressOptions;
}

/** The objects the group's backends are found in (every namespace its members are in). */
export interface Backends {
  services: Service[];
  slices: EndpointSlice[];
  pods: Pod[];
}

export interface Problem {
  ingress: Ingress;
  message: string;
}
export type GroupPlan = { ok: true; lb: DesiredLoadBalancer } | { ok: false; problems: Problem[] };

/** Group members in aws-load-balancer-controller's order: group.order, then namespace/name. */
export function orderMembers(members: Member[]): Member[] {
  return [...members].sort((a, b) => a.options.order - b.options.order || nameOf(a.ingress).localeCompare(nameOf(b.ingress)));
}

/** An Ingress rule's paths as aws-load-balancer-controller orders them: Exact, Prefix longest first, then as listed. */
export function orderPaths(paths: HTTPIngressPath[]): HTTPIngressPath[] {
  const rank = (p: HTTPIngressPath) => (p.pathType === 'Exact' ? 0 : p.pathType === 'Prefix' ? 1 : 2);
  return paths
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || (rank(a.p) === 1 ? (b.p.path ?? '').length - (a.p.path ?? '').length : 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** A single value all members that set it agree on, or a problem on the first that disagrees. */
function agreed<T>(members: Member[], pick: (o: IngressOptions) => T | undefined, annotation: string, problems: Problem[]): T | undefined {
  let value: T | undefined;
  for (const m of members) {
    const v = pick(m.options);
    if (v === undefined) continue;
    if (value === undefined) value = v;
    else if (JSON.stringify(v) !== JSON.stringify(value)) problems.push({ ingress: m.ingress, message: `conflicting ${annotation}: ${JSON.stringify(v)} here, ${JSON.stringify(value)} in the group` });
  }
  return value;
}

/**
 * The ALB of one Ingress group: a listener per listen port of its members (HTTPS with the group's
 * certificate), one rule per host and path in the members' order, the default backend as each
 * listener's default action (a 404 without one), an ip target group per backend Service port whose
 * targets are its ready endpoints. Pure; problems name the Ingress they come from.
 */
export function planIngressGroup(cluster: string, group: { owner: string; label: string }, unordered: Member[], backends: Backends): GroupPlan {
  const members = orderMembers(unordered);
  const problems: Problem[] = [];
  const A = INGRESS_ANNOTATIONS;
  const scheme = agreed(members, (o) => o.scheme, A.scheme, problems) ?? 'internal';
  const sourceRanges = agreed(members, (o) => o.inboundCidrs, A.inboundCidrs, problems) ?? ['0.0.0.0/0'];
  const sslPolicy = agreed(members, (o) => o.sslPolicy, A.sslPolicy, problems) ?? DEFAULT_SSL_POLICY;
  const certificates = [...new Set(members.flatMap((m) => m.options.certificateArns))];
  const targetGroups = new Map<string, DesiredTargetGroup>();

  const backendKey = (member: Member, backend: IngressBackend, field: string): string | undefined => {
    const namespace = String(member.ingress.metadata?.namespace ?? 'default');
    const ref = backend.service;
    if (!ref) {
      problems.push({ ingress: member.ingress, message: `${field}: only service backends are supported` });
      return undefined;
    }
    const svc = backends.services.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === ref.name);
    if (!svc) {
      problems.push({ ingress: member.ingress, message: `${field}: services "${ref.name}" not found` });
      return undefined;
    }
    const port: ServicePort | undefined = (svc.spec?.ports ?? []).find((p) => (ref.port?.name ? p.name === ref.port.name : p.port === ref.port?.number));
    if (!port || (port.protocol ?? 'TCP') !== 'TCP') {
      problems.push({ ingress: member.ingress, message: `${field}: unable to find port ${ref.port?.name ?? ref.port?.number} on service ${namespace}/${ref.name}` });
      return undefined;
    }
    const key = `${namespace}/${ref.name}:${port.name || port.port}`;
    if (!targetGroups.has(key)) {
      const pods = backends.pods.filter((p) => p.metadata?.namespace === namespace);
      const slices = backends.slices.filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.['kubernetes.io/service-name'] === ref.name);
      const annotated: Partial<HealthCheck> = {};
      if (member.options.healthCheckPath) annotated.path = member.options.healthCheckPath;
      if (member.options.successCodes) annotated.matcher = member.options.successCodes;
      targetGroups.set(key, {
        key,
        name: targetGroupName(cluster, group.owner, key),
        port: typeof port.targetPort === 'number' ? port.targetPort : port.port,
        healthCheck: healthCheckOf(svc, port, pods, annotated),
        deregistrationDelaySeconds: 300,
        targets: targetsOfPort(svc, port, slices, pods),
      });
    }
    return key;
  };

  const listeners = new Map<number, DesiredListener>();
  let defaultKey: string | undefined;
  let defaultFrom: Ingress | undefined;
  for (const member of members) {
    for (const lp of member.options.listenPorts) {
      const have = listeners.get(lp.port);
      if (have && have.protocol !== lp.protocol) {
        problems.push({ ingress: member.ingress, message: `conflicting ${A.listenPorts}: port ${lp.port} is ${lp.protocol} here, ${have.protocol} in the group` });
        continue;
      }
      if (!have) {
        const https = lp.protocol === 'HTTPS';
        if (https && certificates.length === 0) problems.push({ ingress: member.ingress, message: `listener HTTPS:${lp.port} needs ${A.certificateArn}` });
        listeners.set(lp.port, { port: lp.port, protocol: lp.protocol, certificateArn: https ? certificates[0] : undefined, sslPolicy: https ? sslPolicy : undefined, rules: [] });
      }
    }
    const spec = member.ingress.spec ?? {};
    if (spec.defaultBackend) {
      const key = backendKey(member, spec.defaultBackend, 'spec.defaultBackend');
      if (defaultFrom && key !== defaultKey) problems.push({ ingress: member.ingress, message: `conflicting default backend: ${nameOf(defaultFrom)} sets another` });
      else if (!defaultFrom) [defaultKey, defaultFrom] = [key, member.ingress];
    }
    (spec.rules ?? []).forEach((rule, i) => {
      for (const path of orderPaths(rule.http?.paths ?? [])) {
        const value = path.path ?? '';
        if (path.pathType !== 'ImplementationSpecific' && /[*?]/.test(value)) {
          problems.push({ ingress: member.ingress, message: `spec.rules[${i}]: path ${JSON.stringify(value)} of pathType ${path.pathType} cannot contain "*" or "?"` });
          continue;
        }
        const key = backendKey(member, path.backend, `spec.rules[${i}]`);
        if (!key) continue;
        const desired: Omit<DesiredRule, 'priority'> = { hosts: rule.host ? [rule.host] : [], paths: value ? pathPatterns(value, path.pathType as PathType) : rule.host ? [] : ['/*'], targetGroupKey: key };
        for (const lp of member.options.listenPorts) {
          const listener = listeners.get(lp.port);
          if (listener?.protocol === lp.protocol) listener.rules.push({ ...desired, priority: listener.rules.length + 1 });
        }
      }
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const l of listeners.values()) l.defaultTargetGroupKey = defaultKey;
  const extraTags = Object.assign({}, ...members.map((m) => m.options.tags).reverse()) as Record<string, string>;
  return {
    ok: true,
    lb: {
      owner: group.owner,
      name: loadBalancerName(cluster, group.owner),
      scheme,
      idleTimeoutSeconds: 60,
      sourceRanges,
      tags: { ...extraTags, [TAG.kubernetesCluster(cluster)]: 'owned', [TAG.cluster]: cluster, [TAG.owner]: group.owner, [GROUP_TAG]: group.label, [STACK_TAG]: group.label },
      targetGroups: [...targetGroups.values()].sort((a, b) => a.key.localeCompare(b.key)),
      listeners: [...listeners.values()].sort((a, b) => a.port - b.port),
    },
  };
}
