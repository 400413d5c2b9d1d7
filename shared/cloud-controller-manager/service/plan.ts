import type { EndpointSlice, Pod, Service } from '../../api/types';
import { DesiredLoadBalancer, DesiredListener, DesiredTargetGroup, loadBalancerName, TAG, targetGroupName } from '../elb/model';
import type { ServiceLbOptions } from './annotations';
import { healthCheckOf, targetsOfPort } from './targets';

import { SKIFF_LB_CLASS } from '../names';

export { LB_FINALIZER, SKIFF_LB_CLASS } from '../names';

export const serviceOwner = (namespace: string, name: string): string => `service/${namespace}/${name}`;

/** Whether this controller is the Service's load balancer controller at all (another class is left alone). */
export function isOurClass(svc: Service): boolean {
  const cls = svc.spec?.loadBalancerClass;
  return cls === undefined || cls === SKIFF_LB_CLASS;
}

/** Whether the Service should have an ALB now: type LoadBalancer, our class, not being deleted. */
export function wantsLoadBalancer(svc: Service): boolean {
  return svc.spec?.type === 'LoadBalancer' && isOurClass(svc) && !svc.metadata?.deletionTimestamp;
}

/** The ports an ALB can serve: TCP ones (an ALB speaks HTTP over TCP; UDP and SCTP ports are skipped). */
export const albPorts = (svc: Service) => (svc.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');

/**
 * The ALB of a LoadBalancer Service: a listener per TCP port (HTTPS where the certificate
 * annotations say), forwarding to an ip target group per port whose targets are the ready
 * endpoints, admitting loadBalancerSourceRanges (default everything).
 */
export function planServiceLoadBalancer(cluster: string, svc: Service, slices: EndpointSlice[], pods: Pod[], options: ServiceLbOptions): DesiredLoadBalancer {
  const namespace = String(svc.metadata?.namespace ?? 'default');
  const name = String(svc.metadata?.name);
  const owner = serviceOwner(namespace, name);
  const targetGroups: DesiredTargetGroup[] = [];
  const listeners: DesiredListener[] = [];
  for (const port of albPorts(svc)) {
    const key = port.name || String(port.port);
    targetGroups.push({
      key,
      name: targetGroupName(cluster, owner, key),
      port: typeof port.targetPort === 'number' ? port.targetPort : port.port,
      healthCheck: healthCheckOf(svc, port, pods, options.healthCheck),
      deregistrationDelaySeconds: options.deregistrationDelaySeconds,
      targets: targetsOfPort(svc, port, slices, pods),
    });
    const https = options.certificateArn !== undefined && (options.sslPorts === undefined || options.sslPorts.some((p) => p === port.name || p === String(port.port)));
    listeners.push({
      port: port.port,
      protocol: https ? 'HTTPS' : 'HTTP',
      certificateArn: https ? options.certificateArn : undefined,
      sslPolicy: https ? (options.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06') : undefined,
      defaultTargetGroupKey: key,
      rules: [],
    });
  }
  return {
    owner,
    name: loadBalancerName(cluster, owner),
    scheme: options.scheme,
    idleTimeoutSeconds: options.idleTimeoutSeconds,
    sourceRanges: svc.spec?.loadBalancerSourceRanges?.length ? [...svc.spec.loadBalancerSourceRanges].sort() : ['0.0.0.0/0'],
    tags: {
      ...options.extraTags,
      [TAG.kubernetesCluster(cluster)]: 'owned',
      [TAG.cluster]: cluster,
      [TAG.owner]: owner,
      [TAG.serviceNamespace]: namespace,
      [TAG.serviceName]: name,
      [TAG.serviceUid]: String(svc.metadata?.uid ?? ''),
    },
    targetGroups,
    listeners,
  };
}
