import type { Endpoints, EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from '../../api/types';
import { canonicalJson } from '../workloads/pod-template-hash';
import { findPort, hostnameFor, managesEndpoints, ready, selectedPods, shouldBeInEndpoints, targetRef } from './pod-endpoints';

/** Endpoints the controller maintains carry this label, so the EndpointSlice mirroring skips them (upstream). */
export const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
export const HEADLESS = 'service.kubernetes.io/headless';

export type EndpointsAction = { action: 'none' } | { action: 'create' | 'update'; endpoints: Endpoints } | { action: 'delete'; endpoints: Endpoints };

/**
 * Upstream's endpoints controller syncService as a pure function: a service with a selector gets an
 * Endpoints of its name listing its pods (ready ones as addresses, the rest as notReadyAddresses)
 * with each service port resolved on the pod; one whose service is gone is deleted if it is ours.
 */
export function planEndpoints(svc: Service | undefined, pods: Pod[], current: Endpoints | undefined): EndpointsAction {
  if (!svc) return current && current.metadata?.labels?.[SKIP_MIRROR] === 'true' ? { action: 'delete', endpoints: current } : { action: 'none' };
  if (!managesEndpoints(svc)) return { action: 'none' };
  const subsets = desiredSubsets(svc, pods);
  const labels: Record<string, string> = { ...(svc.metadata?.labels ?? {}), [SKIP_MIRROR]: 'true' };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS] = '';
  if (current && canonicalJson(current.subsets ?? []) === canonicalJson(subsets) && canonicalJson(current.metadata?.labels ?? {}) === canonicalJson(labels)) {
    return { action: 'none' };
  }
  const endpoints: Endpoints = current
    ? { ...current, metadata: { ...current.metadata, labels } }
    : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata?.name, namespace: svc.metadata?.namespace, labels } };
  if (subsets.length > 0) endpoints.subsets = subsets;
  else delete endpoints.subsets;
  return { action: current ? 'update' : 'create', endpoints };
}

export function desiredSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const ports = svc.spec?.ports ?? [];
  // Every (address, port) pair, as upstream builds one-address subsets before repacking them.
  const pairs: { address: EndpointAddress; ready: boolean; port?: EndpointPort }[] = [];
  for (const pod of selectedPods(svc, pods)) {
    if (!shouldBeInEndpoints(pod, tolerateUnready)) continue;
    const address: EndpointAddress = { ip: String(pod.status?.podIP), targetRef: targetRef(pod) };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    const hostname = hostnameFor(pod, svc);
    if (hostname) address.hostname = hostname;
    const isReady = tolerateUnready || ready(pod);
    if (ports.length === 0 && svc.spec?.clusterIP === 'None') pairs.push({ address, ready: isReady });
    for (const sp of ports) {
      const number = findPort(pod, sp);
      if (number === undefined) continue;
      const port: EndpointPort = { port: number, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) port.name = sp.name;
      if (sp.appProtocol) port.appProtocol = sp.appProtocol;
      pairs.push({ address, ready: isReady, port });
    }
  }
  return repack(pairs);
}

/** Upstream's RepackSubsets: addresses offering the same set of ports share one subset; sorted. */
function repack(pairs: { address: EndpointAddress; ready: boolean; port?: EndpointPort }[]): EndpointSubset[] {
  const addressesByPort = new Map<string, { port?: EndpointPort; addresses: Map<string, { address: EndpointAddress; ready: boolean }> }>();
  for (const pair of pairs) {
    const portKey = pair.port ? canonicalJson(pair.port) : '';
    const entry = addressesByPort.get(portKey) ?? { port: pair.port, addresses: new Map() };
    entry.addresses.set(`${pair.address.ip}/${String(pair.address.targetRef?.uid)}`, { address: pair.address, ready: pair.ready });
    addressesByPort.set(portKey, entry);
  }
  const portsByAddressSet = new Map<string, { ports: EndpointPort[]; addresses: { address: EndpointAddress; ready: boolean }[] }>();
  for (const { port, addresses } of addressesByPort.values()) {
    const list = [...addresses.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = list.map(([k, v]) => `${k}:${v.ready}`).join(',');
    const entry = portsByAddressSet.get(key) ?? { ports: [], addresses: list.map(([, v]) => v) };
    if (port) entry.ports.push(port);
    portsByAddressSet.set(key, entry);
  }
  const subsets: EndpointSubset[] = [];
  for (const { ports, addresses } of portsByAddressSet.values()) {
    const subset: EndpointSubset = {};
    const byIp = (a: EndpointAddress, b: EndpointAddress) => compareIp(a.ip, b.ip) || String(a.targetRef?.uid).localeCompare(String(b.targetRef?.uid));
    const readyAddresses = addresses.filter((a) => a.ready).map((a) => a.address).sort(byIp);
    const notReady = addresses.filter((a) => !a.ready).map((a) => a.address).sort(byIp);
    if (readyAddresses.length) subset.addresses = readyAddresses;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (ports.length) subset.ports = ports.sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')) || a.port - b.port);
    subsets.push(subset);
  }
  return subsets.sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}
