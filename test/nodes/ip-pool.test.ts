import { PodIpPool } from '../../shared/nodes/simulated/ip-pool';
import { nodeInternalIP, nodePodCIDR } from '../../shared/nodes/simulated/node-object';

describe('PodIpPool', () => {
  it('hands out .2 to .254 once each, then nothing', () => {
    const pool = new PodIpPool('10.244.1.0/24');
    const ips = Array.from({ length: 253 }, () => pool.allocate());
    expect(new Set(ips).size).toBe(253);
    expect(ips[0]).toBe('10.244.1.2');
    expect(ips).toContain('10.244.1.254');
    expect(pool.allocate()).toBeUndefined();
  });

  it('reuses a released address only after the rest of the range', () => {
    const pool = new PodIpPool('10.244.1.0/24');
    const first = pool.allocate() as string;
    pool.release(first);
    expect(pool.allocate()).toBe('10.244.1.3');
  });

  it('reserves an address in use once, and refuses ones outside its range', () => {
    const pool = new PodIpPool('10.244.1.0/24');
    expect(pool.reserve('10.244.1.9')).toBe(true);
    expect(pool.reserve('10.244.1.9')).toBe(false);
    expect(pool.reserve('10.244.2.9')).toBe(false);
    expect(pool.reserve('10.244.1.1')).toBe(false);
    expect(pool.inUse).toBe(1);
  });
});

describe('node addressing', () => {
  it.each([
    [1, '172.18.0.2', '10.244.1.0/24'],
    [255, '172.18.1.0', '10.244.255.0/24'],
    [256, '172.18.1.1', '10.245.0.0/24'],
    [1000, '172.18.3.233', '10.247.232.0/24'],
  ])('node %i has InternalIP %s and pod CIDR %s', (index, ip, cidr) => {
    expect(nodeInternalIP(index)).toBe(ip);
    expect(nodePodCIDR(index)).toBe(cidr);
  });
});
