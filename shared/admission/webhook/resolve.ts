/**
 * Where a webhook's `clientConfig.service` is: the Service's port (default 443), then a ready
 * endpoint of its EndpointSlices for that port (pod IP and target port), as kube-apiserver's
 * endpoint routing resolves services for webhooks. The TLS server name stays `<name>.<namespace>.svc`.
 */
import type { EndpointSlice, Service, ServiceReference } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';

export interface Target {
  /** host:port the connection goes to. */
  host: string;
  port: number;
  /** The name the certificate must carry and the URL upstream shows in messages. */
  serverName: string;
  url: string;
}

export class ResolveError extends Error {}

export async function resolveService(ctx: StrategyContext, ref: ServiceReference): Promise<Target> {
  const port = ref.port ?? 443;
  const serverName = `${ref.name}.${ref.namespace}.svc`;
  const url = `https://${serverName}:${port}${ref.path ?? ''}`;
  const service = (await ctx.store.get('services', ref.namespace, ref.name)) as Service | undefined;
  if (!service) throw new ResolveError(`service "${ref.name}" not found`);
  const servicePort = (service.spec?.ports ?? []).find((p) => p.port === port);
  if (!servicePort) throw new ResolveError(`no service port ${port} found for service "${ref.name}"`);
  const page = await ctx.store.list('endpointslices.discovery.k8s.io', ref.namespace, {});
  for (const slice of page.items as EndpointSlice[]) {
    if (slice.metadata?.labels?.['kubernetes.io/service-name'] !== ref.name) continue;
    const slicePort = (slice.ports ?? []).find((p) => (p.name ?? '') === (servicePort.name ?? ''));
    if (slicePort?.port === undefined) continue;
    const ready = (slice.endpoints ?? []).find((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    if (ready) return { host: ready.addresses[0], port: slicePort.port, serverName, url };
  }
  throw new ResolveError(`service "${ref.namespace}/${ref.name}:${port}" is not active`);
}

/** A `clientConfig.url` as a target. */
export function urlTarget(raw: string): Target {
  const url = new URL(raw);
  const port = url.port ? Number(url.port) : 443;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { host, port, serverName: host, url: raw };
}
