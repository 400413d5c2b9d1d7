import { viewOf } from '../../registry/resource';
import type { Pod, Service, ServicePort } from '../../api/types';
import type { KubeObject } from '../../registry/resource';
import { isPodReady, isPodTerminal } from '../workloads/pod-state';

/**
 * What both endpoint controllers need to know about a service's pods (upstream's
 * pkg/api/v1/pod FindPort and pkg/controller/util/endpoint). All pure.
 */

/** Services whose pods this controller tracks: with a selector, and not ExternalName. */
export function managesEndpoints(svc: Service): boolean {
  return svc.spec?.selector !== undefined && svc.spec.type !== 'ExternalName';
}

/** The pods a service selects (its selector is a plain label map; `{}` selects every pod, as upstream). */
export function selectedPods(svc: Service, pods: Pod[]): Pod[] {
  const selector = Object.entries(svc.spec?.selector ?? {});
  return pods.filter((p) => selector.every(([k, v]) => p.metadata?.labels?.[k] === v));
}

/** Upstream's ShouldPodBeInEndpoints: an IP, not terminal, and terminating ones only when asked. */
export function shouldBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP) return false;
  return includeTerminating || !pod.metadata?.deletionTimestamp;
}

/**
 * The pod port a service port targets (upstream's FindPort): a number as is, a name looked up among
 * the containers' ports of the same protocol; undefined when the pod has no such port.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    const match = (c.ports ?? []).find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (match) return match.containerPort;
  }
  return undefined;
}

/** A pod's DNS hostname within a headless service's subdomain (upstream's ShouldSetHostname). */
export function hostnameFor(pod: Pod, svc: Service): string | undefined {
  const hostname = pod.spec?.hostname;
  return hostname && pod.spec?.subdomain === svc.metadata?.name && svc.spec?.clusterIP === 'None' ? hostname : undefined;
}

export const targetRef = (pod: Pod) => ({ kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid });

export const ready = isPodReady;

/**
 * Whether a pod changed in a way endpoints can see (upstream's podEndpointsChanged): labels, IP,
 * readiness, phase, deletion, node, hostname or ports. A kubelet's container-status churn is not.
 */
export function endpointsMayChange(old: KubeObject | undefined, next: KubeObject | undefined): boolean {
  if (!old || !next) return true;
  return JSON.stringify(projection(viewOf<Pod>(old))) !== JSON.stringify(projection(viewOf<Pod>(next)));
}

function projection(p: Pod): unknown[] {
  return [
    p.metadata?.labels ?? {},
    p.metadata?.deletionTimestamp ?? '',
    p.status?.podIP ?? '',
    p.status?.phase ?? '',
    isPodReady(p),
    p.spec?.nodeName ?? '',
    p.spec?.hostname ?? '',
    p.spec?.subdomain ?? '',
    (p.spec?.containers ?? []).map((c) => c.ports ?? []),
  ];
}
