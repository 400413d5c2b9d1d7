/**
 * Names the load balancer controllers share with the API server (pod admission) and the node
 * providers (the drain check): kept in this leaf module so neither imports the controllers.
 */

/** The readiness gate (and pod condition) a LoadBalancer Service's pods wait on: `target-health.skiff.dev/<service>`. */
export const GATE_PREFIX = 'target-health.skiff.dev/';
export const gateOf = (serviceName: string): string => `${GATE_PREFIX}${serviceName}`;

/** Upstream's finalizer on Services whose load balancer must be cleaned up before they go. */
export const LB_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

/** The loadBalancerClass Skiff answers for; a Service without one is Skiff's too (the cluster's default). */
export const SKIFF_LB_CLASS = 'skiff.dev/alb';

/** The gate condition's reason once none of the pod's targets is registered (AWS's own reason code). */
export const NOT_REGISTERED = 'Target.NotRegistered';
