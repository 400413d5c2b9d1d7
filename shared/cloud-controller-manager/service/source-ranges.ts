import type { Service } from '../../api/types';

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** loadBalancerSourceRanges entries that are no IPv4 CIDR (an ALB security group takes only those here). */
export function invalidSourceRanges(svc: Service): string[] {
  return (svc.spec?.loadBalancerSourceRanges ?? [])
    .filter((r) => {
      const m = IPV4_CIDR.exec(r.trim());
      return !m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32;
    })
    .map((r) => `spec.loadBalancerSourceRanges: ${JSON.stringify(r)} is not an IPv4 CIDR`);
}
