import { BadRequestError, NotFoundError } from '../../api/errors';
import type { Endpoints, EndpointAddress, Pod, Service } from '../../api/types';
import { Getter, Backend, defaultPort, ServiceUnavailableError } from './backend';
import { portNumber, splitSchemeNamePort } from './target';

/**
 * `services/<[scheme:]name[:port]>/proxy`, as upstream's service ResourceLocation: a port number
 * is the Service port's (turned into its name), a name the port's name; the backend is a ready
 * address of the Service's Endpoints carrying that port, with the port's target number. As
 * upstream, only addresses that are pods are used: the address needs a targetRef to a pod of the
 * Service's namespace whose IPs include it (a hand-made address outside the cluster is never a
 * backend, so the proxy cannot be aimed anywhere).
 */
export async function locateService(store: Getter, namespace: string, id: string, random: () => number = Math.random): Promise<Backend> {
  const target = splitSchemeNamePort(id);
  if (!target) throw new BadRequestError(`invalid service request ${JSON.stringify(id)}`);
  let portName = target.port;
  const n = portNumber(target.port);
  if (n !== undefined) {
    const svc = (await store.get('services', namespace, target.name)) as Service | undefined;
    if (!svc) throw new NotFoundError({ group: '', resource: 'services' }, target.name);
    const declared = (svc.spec?.ports ?? []).find((p) => p.port === n);
    if (!declared) throw new ServiceUnavailableError(`no service port ${n} found for service ${JSON.stringify(target.name)}`);
    portName = declared.name ?? '';
  }
  const eps = (await store.get('endpoints', namespace, target.name)) as Endpoints | undefined;
  if (!eps) throw new NotFoundError({ group: '', resource: 'endpoints' }, target.name);
  const subsets = eps.subsets ?? [];
  if (subsets.length === 0) throw new ServiceUnavailableError(`no endpoints available for service ${JSON.stringify(target.name)}`);
  const scheme = target.scheme || 'http';
  for (const subset of rotated(subsets, random)) {
    const addresses = subset.addresses ?? [];
    for (const port of subset.ports ?? []) {
      if ((port.name ?? '') !== portName) continue;
      for (const addr of rotated(addresses, random)) {
        if (await isPodAddress(store, namespace, addr)) return { scheme, host: addr.ip, port: port.port ?? defaultPort(scheme) };
      }
    }
  }
  throw new ServiceUnavailableError(`no endpoints available for service ${JSON.stringify(id)}`);
}

/** Upstream's isValidAddress: the address is a pod of this namespace that has this IP. */
async function isPodAddress(store: Getter, namespace: string, addr: EndpointAddress): Promise<boolean> {
  const ref = addr.targetRef;
  if (!ref?.name || ref.namespace !== namespace) return false;
  const pod = (await store.get('pods', namespace, ref.name)) as Pod | undefined;
  const ips = pod?.status?.podIPs?.map((p) => p.ip) ?? (pod?.status?.podIP ? [pod.status.podIP] : []);
  return ips.includes(addr.ip);
}

/** The list from a random starting point, as upstream spreads requests over subsets and addresses. */
function rotated<T>(items: T[], random: () => number): T[] {
  if (items.length === 0) return items;
  const start = Math.floor(random() * items.length) % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
