/** core/v1 Service. */
import * as z from 'zod';
import { Condition, Int32, IntOrString, ObjectMeta, StringMap, gvk, listMap, typeMeta } from '../meta';

export const ServicePort = z
  .strictObject({
    name: z.string().optional().describe('Port name, a DNS label; required when there is more than one port.'),
    protocol: z.string().optional().describe('TCP (default), UDP or SCTP.'),
    appProtocol: z.string().optional().describe(
      'Application protocol, e.g. http, kubernetes.io/h2c or a domain-prefixed name.',
    ),
    port: Int32.describe('Port the service exposes.'),
    targetPort: IntOrString.optional().describe('Pod port number or named container port; defaults to port.'),
    nodePort: Int32.optional().describe(
      'Port on every node for NodePort and LoadBalancer services; allocated when unset.',
    ),
  })
  .describe('A port a service exposes.');
export type ServicePort = z.infer<typeof ServicePort>;

export const ClientIPConfig = z
  .strictObject({
    timeoutSeconds: Int32.optional().describe('How long ClientIP affinity sticks, 1-86400; defaults to 10800.'),
  })
  .describe('Settings of ClientIP session affinity.');
export type ClientIPConfig = z.infer<typeof ClientIPConfig>;

export const SessionAffinityConfig = z
  .strictObject({
    clientIP: ClientIPConfig.optional().describe('Settings for ClientIP affinity.'),
  })
  .describe('Session affinity settings.');
export type SessionAffinityConfig = z.infer<typeof SessionAffinityConfig>;

export const ServiceSpec = z
  .strictObject({
    ports: listMap(ServicePort, ['port', 'protocol'], 'merge', 'port').optional().describe(
      'Ports the service exposes.',
    ),
    selector: StringMap.optional().describe(
      'Labels of the pods traffic goes to; without one, endpoints are managed by hand.',
    ),
    clusterIP: z.string().optional().describe(
      'Virtual IP of the service, usually allocated; None makes a headless service.',
    ),
    clusterIPs: z.array(z.string()).optional().describe('Virtual IPs, one per IP family; the first equals clusterIP.'),
    type: z.string().optional().describe('ClusterIP (default), NodePort, LoadBalancer or ExternalName.'),
    externalIPs: z.array(z.string()).optional().describe(
      'Extra IPs, not managed by Kubernetes, that nodes accept traffic for.',
    ),
    sessionAffinity: z.string().optional().describe('ClientIP or None (default).'),
    loadBalancerIP: z.string().optional().describe('Deprecated: IP requested from the load balancer provider.'),
    loadBalancerSourceRanges: z.array(z.string()).optional().describe(
      'Client CIDRs allowed through the load balancer.',
    ),
    externalName: z.string().optional().describe('DNS name an ExternalName service is a CNAME for.'),
    externalTrafficPolicy: z
      .string()
      .optional()
      .describe('Cluster (default) or Local: whether external traffic may leave the node it arrived at.'),
    healthCheckNodePort: Int32.optional().describe('Node port answering health checks for the Local traffic policy.'),
    publishNotReadyAddresses: z.boolean().optional().describe('Publish endpoints of pods that are not ready.'),
    sessionAffinityConfig: SessionAffinityConfig.optional().describe('Session affinity settings.'),
    ipFamilies: z.array(z.string()).optional().describe('IPv4 and/or IPv6, in order of preference.'),
    ipFamilyPolicy: z.string().optional().describe('SingleStack (default), PreferDualStack or RequireDualStack.'),
    allocateLoadBalancerNodePorts: z
      .boolean()
      .optional()
      .describe('Whether LoadBalancer services get node ports; defaults to true.'),
    loadBalancerClass: z.string().optional().describe(
      'Load balancer implementation to use; empty for the cloud provider\'s.',
    ),
    internalTrafficPolicy: z.string().optional().describe('Cluster (default) or Local routing of in-cluster traffic.'),
    trafficDistribution: z.string().optional().describe(
      'Routing preference, e.g. PreferClose for topologically near endpoints.',
    ),
  })
  .describe('Desired behaviour of a service.');
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const PortStatus = z
  .strictObject({
    port: Int32.describe('Port number of the service port.'),
    protocol: z.string().describe('TCP, UDP or SCTP.'),
    error: z.string().optional().describe('CamelCase error for this port, empty when it works.'),
  })
  .describe('State of one service port on the load balancer.');
export type PortStatus = z.infer<typeof PortStatus>;

export const LoadBalancerIngress = z
  .strictObject({
    ip: z.string().optional().describe('IP of the load balancer.'),
    hostname: z.string().optional().describe('DNS name of the load balancer.'),
    ipMode: z.string().optional().describe('VIP or Proxy: how traffic to ip reaches the nodes.'),
    ports: z.array(PortStatus).optional().describe('State of each service port.'),
  })
  .describe('An entry point of the load balancer.');
export type LoadBalancerIngress = z.infer<typeof LoadBalancerIngress>;

export const LoadBalancerStatus = z
  .strictObject({
    ingress: z.array(LoadBalancerIngress).optional().describe('Entry points of the load balancer.'),
  })
  .describe('State of a load balancer.');
export type LoadBalancerStatus = z.infer<typeof LoadBalancerStatus>;

export const ServiceStatus = z
  .strictObject({
    loadBalancer: LoadBalancerStatus.optional().describe('Load balancer state, for LoadBalancer services.'),
    conditions: listMap(Condition, ['type']).optional().describe('Current conditions.'),
  })
  .describe('Observed state of a service.');
export type ServiceStatus = z.infer<typeof ServiceStatus>;

export const Service = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ServiceSpec.optional().describe('Desired behaviour.'),
    status: ServiceStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'A stable name and address for a set of pods.', ...gvk('', 'v1', 'Service') });
export type Service = z.infer<typeof Service>;
