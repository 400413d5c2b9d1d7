/** Endpoints and EndpointSlices (upstream's printEndpoints and printEndpointSlice). */
import type { Endpoint, EndpointSlice, EndpointSlicePort, Endpoints } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { MISC } from './docs';
import { joinHostPort, listWithMore } from './format';

/** Upstream shows at most three endpoints, then `+ N more...`. */
const MAX_LISTED = 3;

/** `ip:port` for every address and port (plain IPs for port-less subsets); `<none>` without subsets. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const add = (entry: string): boolean => {
    if (list.length === MAX_LISTED) {
      more = true;
      return false;
    }
    list.push(entry);
    return true;
  };
  for (const subset of subsets) {
    const addresses = subset.addresses ?? [];
    const ports = subset.ports ?? [];
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      for (const address of addresses) if (!add(address.ip)) break;
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) if (!add(joinHostPort(address.ip, port.port))) break;
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - MAX_LISTED} more...` : joined;
}

/** Up to three port numbers (or names, or `*` for all ports). */
export function formatSlicePorts(ports: EndpointSlicePort[] | undefined): string {
  const all = ports ?? [];
  const list = all.slice(0, MAX_LISTED).map((p) => (p.port !== undefined ? String(p.port) : p.name ?? '*'));
  return listWithMore(list, all.length > MAX_LISTED, all.length, MAX_LISTED);
}

/** Up to three addresses over all endpoints of the slice. */
export function formatSliceEndpoints(endpoints: Endpoint[] | undefined): string {
  const addresses = (endpoints ?? []).flatMap((e) => e.addresses);
  return listWithMore(addresses.slice(0, MAX_LISTED), addresses.length > MAX_LISTED, addresses.length, MAX_LISTED);
}

export const endpointsPrinter: Printer = {
  columns: [nameColumn, col('Endpoints', 'string', MISC.endpointsSubsets), ageColumn],
  cells(obj, now) {
    const endpoints = view<Endpoints>(obj);
    return [endpoints.metadata?.name ?? '', formatEndpoints(endpoints), age(endpoints.metadata?.creationTimestamp, now)];
  },
};

export const endpointSlicePrinter: Printer = {
  columns: [
    nameColumn,
    col('AddressType', 'string', MISC.sliceAddressType),
    col('Ports', 'string', MISC.slicePorts),
    col('Endpoints', 'string', MISC.sliceEndpoints),
    ageColumn,
  ],
  cells(obj, now) {
    const slice = view<EndpointSlice>(obj);
    return [
      slice.metadata?.name ?? '',
      slice.addressType,
      formatSlicePorts(slice.ports),
      formatSliceEndpoints(slice.endpoints),
      age(slice.metadata?.creationTimestamp, now),
    ];
  },
};
