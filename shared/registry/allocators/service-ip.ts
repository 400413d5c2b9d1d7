/** The service CIDR, 10.96.0.0/12, as kube-apiserver's default --service-cluster-ip-range. */
const BASE = (10 << 24) | (96 << 16);
const SIZE = 1 << 20;

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const SERVICE_IP_POOL = 'serviceips';
export const SERVICE_CIDR = '10.96.0.0/12';

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function inServiceRange(ip: string): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n > BASE && n < BASE + SIZE - 1;
}

/** A random address in the range, skipping the network, broadcast and the kubernetes service's. */
export function randomServiceIp(): string {
  return intToIp(BASE + 2 + Math.floor(Math.random() * (SIZE - 3)));
}
