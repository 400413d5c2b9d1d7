/** Services as `kubectl get services` shows them (upstream's printService). */
import type { Service, ServicePort } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { SERVICE_SPEC } from './docs';
import { formatLabels } from './format';

/**
 * Load balancer ingress IPs (or hostnames), unique and sorted. The server prints tables wide, so
 * upstream's 16-character clipping for narrow output never applies here.
 */
function loadBalancerAddresses(service: Service): string[] {
  const addresses = (service.status?.loadBalancer?.ingress ?? [])
    .map((ingress) => ingress.ip || ingress.hostname || '')
    .filter((address) => address !== '');
  return [...new Set(addresses)].sort();
}

/** The External-IP cell: external IPs, load balancer ingress, `<pending>`, or the external name. */
export function externalIP(service: Service): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (service.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = loadBalancerAddresses(service);
      if (externalIPs.length > 0) return [...ingress, ...externalIPs].join(',');
      return ingress.length > 0 ? ingress.join(',') : '<pending>';
    }
    case 'ExternalName':
      return service.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `80/TCP`, or `80:30080/TCP` with a node port, joined by commas; `<none>` without ports. */
export function portsText(ports: ServicePort[] | undefined): string {
  const text = (ports ?? [])
    .map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
  return text === '' ? '<none>' : text;
}

export const servicePrinter: Printer = {
  columns: [
    nameColumn,
    col('Type', 'string', SERVICE_SPEC.type),
    col('Cluster-IP', 'string', SERVICE_SPEC.clusterIP),
    col('External-IP', 'string', SERVICE_SPEC.externalIPs),
    col('Port(s)', 'string', SERVICE_SPEC.ports),
    ageColumn,
    col('Selector', 'string', SERVICE_SPEC.selector, 1),
  ],
  cells(obj, now) {
    const service = view<Service>(obj);
    const spec = service.spec;
    return [
      service.metadata?.name ?? '',
      spec?.type ?? '',
      spec?.clusterIPs?.[0] || spec?.clusterIP || '<none>',
      externalIP(service),
      portsText(spec?.ports),
      age(service.metadata?.creationTimestamp, now),
      formatLabels(spec?.selector),
    ];
  },
};
