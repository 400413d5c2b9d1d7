import { canonicalJson, computeHash, equalIgnoreHash, fnv32a, safeEncodeString } from '../../shared/controllers/workloads/pod-template-hash';
import { resolveFenceposts, scaledValue } from '../../shared/controllers/workloads/scaling';

describe('pod-template-hash', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('hashes %j with FNV-32a', (input, expected) => {
    expect(fnv32a(new TextEncoder().encode(input))).toBe(expected);
  });

  it('encodes with upstream\'s vowel-free alphabet', () => {
    // Decimal digits map to 4-9 and b, c, d, f: hashes look like web-5d78c9f7d4.
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('hashes equal templates equally whatever their key order, and the collision count changes it', () => {
    const a = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const b = { spec: { containers: [{ image: 'nginx', name: 'web' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(computeHash(a)).toBe(computeHash(b));
    expect(computeHash(a, 1)).not.toBe(computeHash(a));
    expect(computeHash(a)).toMatch(/^[456789bcdf]{1,10}$/);
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const withHash = { ...t, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } };
    expect(equalIgnoreHash(t, withHash)).toBe(true);
    expect(equalIgnoreHash(t, { ...t, spec: { containers: [{ name: 'web', image: 'httpd' }] } })).toBe(false);
  });
});

describe('resolveFenceposts', () => {
  it.each([
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 10, 3, 2],
    [1, 0, 2, 1, 0],
    [0, '1%', 2, 0, 1],
    ['0%', '0%', 5, 0, 1],
    [2, 3, 10, 2, 3],
  ])('surge %j, unavailable %j of %i resolve to %i and %i', (surge, unavailable, desired, wantSurge, wantUnavailable) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: wantSurge, unavailable: wantUnavailable });
  });

  it('rejects a string that is neither a count nor a percentage', () => {
    expect(() => scaledValue('lots', 10, true)).toThrow('invalid value');
  });
});
