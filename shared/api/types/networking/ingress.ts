/** networking.k8s.io/v1 Ingress: HTTP routing from hosts and paths to Services. */
import * as z from 'zod';
import { TypedLocalObjectReference } from '../core/common';
import { Int32, ObjectMeta, gvk, typeMeta } from '../meta';

const atomic = <T extends z.ZodType>(item: T) => z.array(item).meta({ 'x-kubernetes-list-type': 'atomic' });

export const ServiceBackendPort = z
  .strictObject({
    name: z.string().optional().describe('Name of the Service port; exclusive with number.'),
    number: Int32.optional().describe('Number of the Service port; exclusive with name.'),
  })
  .describe('A Service port, by name or by number.');
export type ServiceBackendPort = z.infer<typeof ServiceBackendPort>;

export const IngressServiceBackend = z
  .strictObject({
    name: z.string().describe('Name of the Service, in the Ingress namespace.'),
    port: ServiceBackendPort.optional().describe('Port of the Service that receives the traffic.'),
  })
  .describe('A Service as the target of Ingress traffic.');
export type IngressServiceBackend = z.infer<typeof IngressServiceBackend>;

export const IngressBackend = z
  .strictObject({
    service: IngressServiceBackend.optional().describe('A Service backend; exclusive with resource.'),
    resource: TypedLocalObjectReference.optional().describe('Another object of the Ingress namespace as the backend; exclusive with service.'),
  })
  .describe('Where matching requests go.');
export type IngressBackend = z.infer<typeof IngressBackend>;

export const HTTPIngressPath = z
  .strictObject({
    path: z.string().optional().describe('Path matched against the request path; must start with "/" unless ImplementationSpecific.'),
    pathType: z.string().optional().describe('Exact, Prefix or ImplementationSpecific: how path is matched. Required.'),
    backend: IngressBackend.describe('Where requests matching the path go.'),
  })
  .describe('A path and the backend its requests go to.');
export type HTTPIngressPath = z.infer<typeof HTTPIngressPath>;

export const HTTPIngressRuleValue = z
  .strictObject({
    paths: atomic(HTTPIngressPath).describe('Paths and their backends.'),
  })
  .describe('HTTP routes of a rule.');
export type HTTPIngressRuleValue = z.infer<typeof HTTPIngressRuleValue>;

export const IngressRule = z
  .strictObject({
    host: z.string().optional().describe('Fully qualified domain name (a "*." wildcard prefix allowed); empty matches every host.'),
    http: HTTPIngressRuleValue.optional().describe('HTTP routes for the host.'),
  })
  .describe('Routes for one host.');
export type IngressRule = z.infer<typeof IngressRule>;

export const IngressTLS = z
  .strictObject({
    hosts: atomic(z.string()).optional().describe('Hosts the TLS certificate covers.'),
    secretName: z.string().optional().describe('Secret holding the certificate and key.'),
  })
  .describe('TLS for a set of hosts.');
export type IngressTLS = z.infer<typeof IngressTLS>;

export const IngressSpec = z
  .strictObject({
    ingressClassName: z.string().optional().describe('Name of the IngressClass whose controller implements this Ingress.'),
    defaultBackend: IngressBackend.optional().describe('Backend for requests no rule matches.'),
    tls: atomic(IngressTLS).optional().describe('TLS configuration.'),
    rules: atomic(IngressRule).optional().describe('Host rules; without rules all traffic goes to the default backend.'),
  })
  .describe('Desired routing of an Ingress.');
export type IngressSpec = z.infer<typeof IngressSpec>;

export const IngressPortStatus = z
  .strictObject({
    port: Int32.describe('Port number of the ingress port.'),
    protocol: z.string().describe('TCP, UDP or SCTP.'),
    error: z.string().optional().describe('CamelCase error for this port, empty when it works.'),
  })
  .describe('State of one port of the load balancer.');
export type IngressPortStatus = z.infer<typeof IngressPortStatus>;

export const IngressLoadBalancerIngress = z
  .strictObject({
    ip: z.string().optional().describe('IP of the load balancer.'),
    hostname: z.string().optional().describe('DNS name of the load balancer.'),
    ports: atomic(IngressPortStatus).optional().describe('State of each port.'),
  })
  .describe('An entry point of the load balancer.');
export type IngressLoadBalancerIngress = z.infer<typeof IngressLoadBalancerIngress>;

export const IngressLoadBalancerStatus = z
  .strictObject({
    ingress: atomic(IngressLoadBalancerIngress).optional().describe('Entry points of the load balancer.'),
  })
  .describe('State of the load balancer of an Ingress.');
export type IngressLoadBalancerStatus = z.infer<typeof IngressLoadBalancerStatus>;

export const IngressStatus = z
  .strictObject({
    loadBalancer: IngressLoadBalancerStatus.optional().describe('Current state of the load balancer.'),
  })
  .describe('Observed state of an Ingress.');
export type IngressStatus = z.infer<typeof IngressStatus>;

export const Ingress = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: IngressSpec.optional().describe('Desired routing.'),
    status: IngressStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({
    description: 'Rules that route external HTTP(S) traffic to Services, implemented by an ingress controller.',
    ...gvk('networking.k8s.io', 'v1', 'Ingress'),
  });
export type Ingress = z.infer<typeof Ingress>;
