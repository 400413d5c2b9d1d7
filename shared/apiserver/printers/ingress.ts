/** Ingresses and IngressClasses as `kubectl get` shows them (upstream's printIngress, printIngressClass). */
import type { Ingress, IngressClass, IngressRule } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';

/** Up to three hosts, then `+ N more...`; `*` when no rule names a host. */
export function formatHosts(rules: IngressRule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const text = list.join(',');
  return more ? `${text} + ${(rules ?? []).length - max} more...` : text;
}

/** The load balancer's IPs, else hostnames, unique and sorted (the server prints wide: no clipping). */
function addresses(ingress: Ingress): string {
  const set = new Set<string>();
  for (const entry of ingress.status?.loadBalancer?.ingress ?? []) {
    if (entry.ip) set.add(entry.ip);
    else if (entry.hostname) set.add(entry.hostname);
  }
  return [...set].sort().join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    nameColumn,
    col('Class', 'string', 'The name of the IngressClass resource that should be used for this Ingress.'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(obj, now) {
    const ingress = view<Ingress>(obj);
    return [
      ingress.metadata?.name ?? '',
      ingress.spec?.ingressClassName ?? '<none>',
      formatHosts(ingress.spec?.rules),
      addresses(ingress),
      (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
      age(ingress.metadata?.creationTimestamp, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    nameColumn,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(obj, now) {
    const cls = view<IngressClass>(obj);
    const p = cls.spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [cls.metadata?.name ?? '', cls.spec?.controller ?? '', parameters, age(cls.metadata?.creationTimestamp, now)];
  },
};
