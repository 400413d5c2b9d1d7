/**
 * Pod IPs of one node's /24 pod CIDR, as host-local IPAM hands them out: `.1` is the gateway,
 * `.2`-`.254` go to pods, an address is never given twice while in use, and a released one is
 * reused only after the rest of the range has been handed out (round robin).
 */
export class PodIpPool {
  private readonly used = new Set<number>();
  private cursor = 1;

  constructor(readonly cidr: string) {
    if (!/^\d+\.\d+\.\d+\.0\/24$/.test(cidr)) throw new Error(`pod CIDR ${cidr} is not a /24`);
  }

  private get prefix(): string {
    return this.cidr.slice(0, this.cidr.lastIndexOf('.') + 1);
  }

  /** The next free address, or undefined when all 253 are in use. */
  allocate(): string | undefined {
    for (let i = 0; i < 253; i++) {
      this.cursor = this.cursor >= 254 ? 2 : this.cursor + 1;
      if (!this.used.has(this.cursor)) {
        this.used.add(this.cursor);
        return `${this.prefix}${this.cursor}`;
      }
    }
    return undefined;
  }

  /** Marks an address found in use (a pod adopted after a restart); false if it is not ours or taken. */
  reserve(ip: string): boolean {
    const host = this.hostOf(ip);
    if (host === undefined || this.used.has(host)) return false;
    this.used.add(host);
    return true;
  }

  release(ip: string): void {
    const host = this.hostOf(ip);
    if (host !== undefined) this.used.delete(host);
  }

  get inUse(): number {
    return this.used.size;
  }

  private hostOf(ip: string): number | undefined {
    if (!ip.startsWith(this.prefix)) return undefined;
    const host = Number(ip.slice(this.prefix.length));
    return Number.isInteger(host) && host >= 2 && host <= 254 ? host : undefined;
  }
}
