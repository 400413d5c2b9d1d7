/** core/v1 PodSpec: the desired state of a pod, and its small supporting types. */
import * as z from 'zod';
import { Int32, Int64, QuantityMap, StringMap, listMap } from '../meta';
import { Affinity, Toleration, TopologySpreadConstraint } from './affinity';
import { LocalObjectReference, ResourceRequirements } from './common';
import { Container, EphemeralContainer } from './container';
import { PodSecurityContext } from './security-context';
import { Volume } from './volume';

export const PodDNSConfigOption = z
  .strictObject({
    name: z.string().optional().describe('Resolver option name, e.g. ndots.'),
    value: z.string().optional().describe('Option value, if any.'),
  })
  .describe('One resolver option.');
export type PodDNSConfigOption = z.infer<typeof PodDNSConfigOption>;

export const PodDNSConfig = z
  .strictObject({
    nameservers: z.array(z.string()).optional().describe('DNS server IPs added to those from dnsPolicy.'),
    searches: z.array(z.string()).optional().describe('Search domains added to those from dnsPolicy.'),
    options: z.array(PodDNSConfigOption).optional().describe('Resolver options merged with those from dnsPolicy.'),
  })
  .describe('DNS settings merged into the pod\'s resolv.conf.');
export type PodDNSConfig = z.infer<typeof PodDNSConfig>;

export const HostAlias = z
  .strictObject({
    ip: z.string().describe('IP address the hostnames resolve to.'),
    hostnames: z.array(z.string()).optional().describe('Hostnames for that IP.'),
  })
  .describe('An extra /etc/hosts entry.');
export type HostAlias = z.infer<typeof HostAlias>;

export const PodReadinessGate = z
  .strictObject({
    conditionType: z.string().describe('Pod condition type that must be True for the pod to be ready.'),
  })
  .describe('An extra condition pod readiness waits for.');
export type PodReadinessGate = z.infer<typeof PodReadinessGate>;

export const PodOS = z
  .strictObject({
    name: z.string().describe('linux or windows.'),
  })
  .describe('Operating system the pod\'s containers need.');
export type PodOS = z.infer<typeof PodOS>;

export const PodSchedulingGate = z
  .strictObject({
    name: z.string().describe('Gate name; the pod is not scheduled while any gate remains.'),
  })
  .describe('Holds a pod back from scheduling until removed.');
export type PodSchedulingGate = z.infer<typeof PodSchedulingGate>;

export const PodResourceClaim = z
  .strictObject({
    name: z.string().describe('Name containers use to refer to this claim.'),
    resourceClaimName: z.string().optional().describe('An existing ResourceClaim in the pod\'s namespace.'),
    resourceClaimTemplateName: z
      .string()
      .optional()
      .describe('A ResourceClaimTemplate from which a claim is created for this pod.'),
  })
  .describe('A dynamically allocated resource the pod needs; set one of the claim fields.');
export type PodResourceClaim = z.infer<typeof PodResourceClaim>;

export const PodSpec = z
  .strictObject({
    volumes: listMap(Volume, ['name'], 'merge,retainKeys').optional().describe('Volumes containers can mount.'),
    initContainers: listMap(Container, ['name']).optional().describe(
      'Containers run in order before the app containers.',
    ),
    containers: listMap(Container, ['name']).describe('The pod\'s application containers; at least one.'),
    ephemeralContainers: listMap(EphemeralContainer, ['name'])
      .optional()
      .describe('Debugging containers added through the ephemeralcontainers subresource.'),
    restartPolicy: z.string().optional().describe('Always (default), OnFailure or Never.'),
    terminationGracePeriodSeconds: Int64.optional().describe(
      'Seconds between SIGTERM and SIGKILL on deletion; defaults to 30.',
    ),
    activeDeadlineSeconds: Int64.optional().describe('Seconds the pod may be active before the system fails it.'),
    dnsPolicy: z.string().optional().describe('ClusterFirst (default), ClusterFirstWithHostNet, Default or None.'),
    nodeSelector: StringMap.optional().describe('Labels a node must have for the pod to run there.'),
    serviceAccountName: z.string().optional().describe('ServiceAccount the pod runs as.'),
    serviceAccount: z.string().optional().describe('Deprecated alias of serviceAccountName.'),
    automountServiceAccountToken: z.boolean().optional().describe('Whether an API token is mounted automatically.'),
    nodeName: z.string().optional().describe('Node the pod is bound to; set by the scheduler.'),
    hostNetwork: z.boolean().optional().describe('Use the node\'s network namespace.'),
    hostPID: z.boolean().optional().describe('Use the node\'s PID namespace.'),
    hostIPC: z.boolean().optional().describe('Use the node\'s IPC namespace.'),
    shareProcessNamespace: z.boolean().optional().describe('Share one PID namespace between all containers.'),
    securityContext: PodSecurityContext.optional().describe('Pod-level security settings.'),
    imagePullSecrets: listMap(LocalObjectReference, ['name'])
      .optional()
      .describe('Secrets with registry credentials for pulling images.'),
    hostname: z.string().optional().describe('Hostname of the pod; defaults to its name.'),
    subdomain: z.string().optional().describe(
      'Subdomain, giving the FQDN <hostname>.<subdomain>.<namespace>.svc.<domain>.',
    ),
    affinity: Affinity.optional().describe('Node and pod (anti-)affinity.'),
    schedulerName: z.string().optional().describe('Scheduler that places the pod; defaults to default-scheduler.'),
    tolerations: z.array(Toleration).optional().describe('Taints the pod tolerates.'),
    hostAliases: listMap(HostAlias, ['ip']).optional().describe('Extra /etc/hosts entries.'),
    priorityClassName: z.string().optional().describe('PriorityClass that sets the pod priority.'),
    priority: Int32.optional().describe('Priority value, filled in from priorityClassName.'),
    dnsConfig: PodDNSConfig.optional().describe('DNS settings on top of dnsPolicy.'),
    readinessGates: z.array(PodReadinessGate).optional().describe('Extra conditions pod readiness waits for.'),
    runtimeClassName: z.string().optional().describe('RuntimeClass that runs the pod.'),
    enableServiceLinks: z.boolean().optional().describe(
      'Inject Docker-link style service variables; defaults to true.',
    ),
    preemptionPolicy: z.string().optional().describe('PreemptLowerPriority (default) or Never.'),
    overhead: QuantityMap.optional().describe('Resources the runtime itself uses for the pod; set by admission.'),
    topologySpreadConstraints: listMap(TopologySpreadConstraint, ['topologyKey', 'whenUnsatisfiable'])
      .optional()
      .describe('How pods are spread across topology domains.'),
    setHostnameAsFQDN: z.boolean().optional().describe('Set the hostname to the pod\'s FQDN.'),
    os: PodOS.optional().describe('Operating system the pod needs.'),
    hostUsers: z.boolean().optional().describe('Use the host user namespace; false gives the pod its own.'),
    schedulingGates: listMap(PodSchedulingGate, ['name']).optional().describe(
      'Gates that hold the pod back from scheduling.',
    ),
    resourceClaims: listMap(PodResourceClaim, ['name'], 'merge,retainKeys')
      .optional()
      .describe('Dynamically allocated resources the pod needs.'),
    resources: ResourceRequirements.optional().describe('Resources for the whole pod, shared by its containers.'),
  })
  .describe('Desired state of a pod.');
export type PodSpec = z.infer<typeof PodSpec>;
