import type { Endpoint, EndpointSlice, EndpointSlicePort, Pod, Service } from '../../api/types';
import { newControllerRef } from '../workloads/controller-ref';
import { canonicalJson } from '../workloads/pod-template-hash';
import { HEADLESS } from './endpoints-plan';
import { findPort, hostnameFor, managesEndpoints, ready, selectedPods, shouldBeInEndpoints, targetRef } from './pod-endpoints';

export const SERVICE_NAME = 'kubernetes.io/service-name';
export const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** Upstream's --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/** The slices this controller manages for a service. */
export const isManagedSliceOf = (slice: EndpointSlice, serviceName: string): boolean =>
  slice.metadata?.labels?.[SERVICE_NAME] === serviceName && slice.metadata?.labels?.[MANAGED_BY] === CONTROLLER_NAME;

/**
 * Upstream's EndpointSlice reconciler, simplified: endpoints are grouped by their resolved ports
 * (one group, one set of slices), an endpoint stays in the slice that has it, new ones fill free
 * room before new slices (at most 100 each) are made, emptied slices go, and a service without
 * endpoints keeps one empty placeholder slice. `existing` are the slices managed for this service.
 */
export function planEndpointSlices(svc: Service | undefined, pods: Pod[], existing: EndpointSlice[]): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  if (!svc || !managesEndpoints(svc)) {
    plan.delete = svc ? [] : existing;
    return plan;
  }
  const groups = desiredGroups(svc, pods);
  if (groups.size === 0) groups.set(canonicalJson([]), { ports: [], endpoints: [] });
  const labels = sliceLabels(svc);
  const bySlicePorts = new Map<string, EndpointSlice[]>();
  for (const slice of [...existing].sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))) {
    const key = canonicalJson(slice.ports ?? []);
    if (!groups.has(key)) plan.delete.push(slice);
    else bySlicePorts.set(key, [...(bySlicePorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of groups) fill(svc, group, bySlicePorts.get(key) ?? [], labels, plan);
  return plan;
}

interface Group {
  ports: EndpointSlicePort[];
  endpoints: Endpoint[];
}

function fill(svc: Service, group: Group, slices: EndpointSlice[], labels: Record<string, string>, plan: SlicePlan): void {
  const wanted = new Map(group.endpoints.map((e) => [String(e.targetRef?.uid), e]));
  const contents = slices.map((s) => {
    const kept: Endpoint[] = [];
    for (const e of s.endpoints ?? []) {
      const uid = String(e.targetRef?.uid);
      const want = wanted.get(uid);
      if (want && kept.length < MAX_ENDPOINTS_PER_SLICE) {
        kept.push(want);
        wanted.delete(uid);
      }
    }
    return kept;
  });
  const rest = [...wanted.values()];
  for (const kept of contents) while (kept.length < MAX_ENDPOINTS_PER_SLICE && rest.length > 0) kept.push(rest.shift() as Endpoint);
  const placeholder = group.endpoints.length === 0;
  slices.forEach((slice, i) => {
    const endpoints = contents[i].sort(byName);
    if (endpoints.length === 0 && !(placeholder && i === 0)) {
      plan.delete.push(slice);
      return;
    }
    const next: EndpointSlice = { ...slice, metadata: { ...slice.metadata, labels }, endpoints, ports: group.ports };
    if (canonicalJson(next) !== canonicalJson(slice)) plan.update.push(next);
  });
  if (slices.length === 0 && placeholder) plan.create.push(newSlice(svc, group.ports, [], labels));
  for (let i = 0; i < rest.length; i += MAX_ENDPOINTS_PER_SLICE) plan.create.push(newSlice(svc, group.ports, rest.slice(i, i + MAX_ENDPOINTS_PER_SLICE).sort(byName), labels));
}

const byName = (a: Endpoint, b: Endpoint) => String(a.targetRef?.name).localeCompare(String(b.targetRef?.name));

function newSlice(svc: Service, ports: EndpointSlicePort[], endpoints: Endpoint[], labels: Record<string, string>): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${String(svc.metadata?.name)}-`,
      namespace: svc.metadata?.namespace,
      labels,
      ownerReferences: [newControllerRef(svc, 'v1', 'Service')],
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}

/** The service's labels plus the slice's own (upstream's setEndpointSliceLabels). */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}), [SERVICE_NAME]: String(svc.metadata?.name), [MANAGED_BY]: CONTROLLER_NAME };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS] = '';
  else delete labels[HEADLESS];
  return labels;
}

/** The endpoints the service should have, grouped by the ports they resolve to. */
function desiredGroups(svc: Service, pods: Pod[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const pod of selectedPods(svc, pods)) {
    if (!shouldBeInEndpoints(pod, true) || pod.status?.podIP?.includes(':')) continue;
    const ports: EndpointSlicePort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const number = findPort(pod, sp);
      if (number === undefined) continue;
      const port: EndpointSlicePort = { name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port: number };
      if (sp.appProtocol) port.appProtocol = sp.appProtocol;
      ports.push(port);
    }
    const key = canonicalJson(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(toEndpoint(pod, svc));
    groups.set(key, group);
  }
  return groups;
}

/** Upstream's podToEndpoint: serving is readiness, ready excludes terminating (unless publishNotReadyAddresses). */
export function toEndpoint(pod: Pod, svc: Service): Endpoint {
  const serving = ready(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const endpoint: Endpoint = {
    addresses: [String(pod.status?.podIP)],
    conditions: { ready: svc.spec?.publishNotReadyAddresses === true || (serving && !terminating), serving, terminating },
    targetRef: targetRef(pod),
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const hostname = hostnameFor(pod, svc);
  if (hostname) endpoint.hostname = hostname;
  return endpoint;
}
