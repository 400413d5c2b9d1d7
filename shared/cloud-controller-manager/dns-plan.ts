import type { EndpointSlice, Service } from '../api/types';

/**
 * The pure half of Service DNS: which names a Service gets in the cluster's Cloud Map namespace
 * (named after the cluster domain) and which instances answer for each, from its EndpointSlices.
 * In namespace `cluster.local`, the Cloud Map service `web.default.svc` is the DNS name
 * `web.default.svc.cluster.local`; a headless Service's pods that set hostname and subdomain get
 * `<hostname>.web.default.svc` each.
 */

export const CLUSTER_DOMAIN = 'cluster.local';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Tags on every Cloud Map resource Skiff creates: the cluster, and the Service a name belongs to. */
export const CLUSTER_TAG = 'skiff.dev/cluster';
export const SERVICE_TAG = 'skiff.dev/service';
/** The instance attribute naming the pod behind an address. */
export const POD_ATTRIBUTE = 'skiff.dev/pod';
/** Cloud Map's limit on a service name. */
export const MAX_NAME_LENGTH = 127;

export interface DnsInstance {
  /** The instance id: the endpoint's address, unique within a name. */
  id: string;
  ipv4: string;
  pod?: string;
}

export interface DnsName {
  /** The Cloud Map service name (relative to the namespace). */
  name: string;
  instances: DnsInstance[];
}

export const serviceDnsName = (namespace: string, service: string): string => `${service}.${namespace}.svc`;

/** The Service (namespace and name) a Cloud Map service name belongs to: its own name or one of its pods'. */
export function serviceOfDnsName(name: string): { namespace: string; name: string } | undefined {
  const m = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc$/.exec(name);
  return m ? { namespace: m[4], name: m[2] } : undefined;
}

/** Whether a Service is published in DNS: ExternalName ones are CNAMEs upstream (not served), and `default/kubernetes` is the API's own. */
export function publishes(svc: Service): boolean {
  if (svc.spec?.type === 'ExternalName') return false;
  return !(svc.metadata?.namespace === 'default' && svc.metadata?.name === 'kubernetes');
}

/**
 * The names a Service should have and their instances: the ready IPv4 endpoints of its slices
 * (all of them with publishNotReadyAddresses), deduplicated by address; for a headless Service,
 * also one name per endpoint hostname. Loopback addresses are never published.
 */
export function desiredDnsNames(svc: Service, slices: EndpointSlice[]): DnsName[] {
  const namespace = String(svc.metadata?.namespace);
  const base = serviceDnsName(namespace, String(svc.metadata?.name));
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const headless = svc.spec?.clusterIP === 'None';
  const main = new Map<string, DnsInstance>();
  const perHost = new Map<string, Map<string, DnsInstance>>();
  for (const slice of slices.filter((s) => s.addressType === 'IPv4')) {
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip || ip.startsWith('127.')) continue;
      if (ep.conditions?.ready === false && !publishNotReady) continue;
      const ref = ep.targetRef;
      const instance: DnsInstance = { id: ip, ipv4: ip, pod: ref?.kind === 'Pod' && ref.name ? `${ref.namespace ?? namespace}/${ref.name}` : undefined };
      main.set(ip, instance);
      if (headless && ep.hostname) {
        const host = perHost.get(ep.hostname) ?? new Map<string, DnsInstance>();
        host.set(ip, instance);
        perHost.set(ep.hostname, host);
      }
    }
  }
  const sorted = (m: Map<string, DnsInstance>) => [...m.values()].sort((a, b) => a.id.localeCompare(b.id));
  return [{ name: base, instances: sorted(main) }, ...[...perHost.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([host, m]) => ({ name: `${host}.${base}`, instances: sorted(m) }))];
}

export interface InstancePlan {
  register: DnsInstance[];
  deregister: string[];
}

/** Level-triggered: register what is missing or changed, deregister what no endpoint stands for. */
export function planInstances(desired: DnsInstance[], actual: DnsInstance[]): InstancePlan {
  const have = new Map(actual.map((i) => [i.id, i]));
  const want = new Set(desired.map((i) => i.id));
  return {
    register: desired.filter((d) => {
      const a = have.get(d.id);
      return !a || a.ipv4 !== d.ipv4 || a.pod !== d.pod;
    }),
    deregister: actual.filter((a) => !want.has(a.id)).map((a) => a.id),
  };
}

/** Cloud Map instance attributes of an instance (AWS_INSTANCE_IPV4 makes its A record). */
export function instanceAttributes(i: DnsInstance): Record<string, string> {
  return { AWS_INSTANCE_IPV4: i.ipv4, ...(i.pod ? { [POD_ATTRIBUTE]: i.pod } : {}) };
}
