import dns from 'node:dns/promises';
import net from 'node:net';
import { BadRequestError, InternalError, NotFoundError } from '../../api/errors';
import type { Node } from '../../api/types';
import { Getter, Backend } from './backend';
import { isProxyableIp, portNumber, splitSchemeNamePort } from './target';

/** The address types tried in turn, as kubeadm sets kube-apiserver's --kubelet-preferred-address-types. */
export const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname'];

const DEFAULT_KUBELET_PORT = 10250;

/**
 * `nodes/<[scheme:]name[:port]>/proxy`, as upstream's node ResourceLocation: the node's preferred
 * address; no port (or the kubelet's) is the kubelet's API over https, any other port the scheme
 * the path names (http by default). An address that is not proxyable is `address not allowed`.
 */
export async function locateNode(store: Getter, id: string, lookup: (host: string) => Promise<string[]> = lookupAll): Promise<Backend> {
  const target = splitSchemeNamePort(id);
  if (!target) throw new BadRequestError(`invalid node request ${JSON.stringify(id)}`);
  const node = (await store.get('nodes', undefined, target.name)) as Node | undefined;
  if (!node) throw new NotFoundError({ group: '', resource: 'nodes' }, target.name);
  const addresses = node.status?.addresses ?? [];
  const host = PREFERRED_ADDRESS_TYPES.map((t) => addresses.find((a) => a.type === t)?.address).find((a) => a);
  if (!host) throw new InternalError(`no preferred addresses found; known addresses: [${addresses.map((a) => `{${a.type} ${a.address}}`).join(' ')}]`);
  const ips = net.isIP(host) ? [host] : await lookup(host);
  if (ips.length === 0) throw new BadRequestError('no addresses for hostname');
  if (!ips.every(isProxyableIp)) throw new BadRequestError('address not allowed');
  const kubeletPort = node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT;
  const requested = portNumber(target.port);
  if (target.port === '' || requested === kubeletPort) return { scheme: 'https', host, port: kubeletPort };
  if (requested === undefined) throw new BadRequestError(`invalid node request ${JSON.stringify(id)}`);
  return { scheme: target.scheme || 'http', host, port: requested };
}

async function lookupAll(host: string): Promise<string[]> {
  try {
    return (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new BadRequestError(`lookup ${host}: no such host`);
  }
}
