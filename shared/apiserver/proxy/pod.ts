import { BadRequestError, NotFoundError } from '../../api/errors';
import type { Pod } from '../../api/types';
import { Getter, Backend, defaultPort, ServiceUnavailableError } from './backend';
import { isProxyableIp, portNumber, splitSchemeNamePort } from './target';

/**
 * `pods/<[scheme:]name[:port]>/proxy`, as upstream's pod ResourceLocation: the pod's first IP
 * (refused unless proxyable: `address not allowed`), the port the path names, else the first
 * container port the spec declares, else the scheme's default. Skiff also reads a port name as the
 * container port of that name (upstream passes it to the dialer as it is; see docs/api.md).
 */
export async function locatePod(store: Getter, namespace: string, id: string): Promise<Backend> {
  const target = splitSchemeNamePort(id);
  if (!target) throw new BadRequestError(`invalid pod request ${JSON.stringify(id)}`);
  const pod = (await store.get('pods', namespace, target.name)) as Pod | undefined;
  if (!pod) throw new NotFoundError({ group: '', resource: 'pods' }, target.name);
  const scheme = target.scheme || 'http';
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP;
  if (!isProxyableIp(ip)) throw new BadRequestError('address not allowed');
  return { scheme, host: ip as string, port: podPort(pod, target.port) ?? defaultPort(scheme) };
}

/** The port a pod proxy path names: a number, a container port's name, or (empty) the first declared port. */
export function podPort(pod: Pod, port: string): number | undefined {
  const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  if (port === '') return ports[0]?.containerPort;
  const n = portNumber(port);
  if (n !== undefined) return n;
  const named = ports.find((p) => p.name === port);
  if (!named) throw new ServiceUnavailableError(`error trying to reach service: dial tcp: lookup tcp/${port}: unknown port`);
  return named.containerPort;
}
