import { randomBytes } from 'node:crypto';
import { encodeBody } from '../../shared/storage/codec';
import { RecentObjects } from '../../shared/storage/recent';

const body = (name: string, size = 0) => encodeBody({ metadata: { name, namespace: 'default' }, data: { pad: 'x'.repeat(size) } });

describe('RecentObjects', () => {
  it('hands out a fresh copy of each object, which callers may change', () => {
    const recent = new RecentObjects();
    recent.remember('configmaps', 'default', 'a', 1, body('a'));
    const first = recent.get('configmaps', 'default', 'a');
    (first as { metadata: { name: string } }).metadata.name = 'changed';
    expect(recent.get('configmaps', 'default', 'a')?.metadata.name).toBe('a');
    expect(recent.get('configmaps', 'other', 'a')).toBeUndefined();
    expect(recent.get('secrets', 'default', 'a')).toBeUndefined();
  });

  it.each([
    ['entries', 2, 1 << 20, 3, ['b', 'c']],
    ['bytes', 100, 2 * body('x').byteLength, 3, ['b', 'c']],
  ])('drops the least recently remembered past its bound of %s', (_bound, maxEntries, maxBytes, n, kept) => {
    const recent = new RecentObjects(maxEntries, maxBytes);
    for (const name of ['a', 'b', 'c'].slice(0, n)) recent.remember('configmaps', 'default', name, 1, body(name));
    expect(['a', 'b', 'c'].filter((name) => recent.get('configmaps', 'default', name))).toEqual(kept);
  });

  it('keeps no event, so a flood of them pushes out nothing', () => {
    const recent = new RecentObjects(2, 1 << 20);
    recent.remember('pods', 'default', 'p', 1, body('p'));
    for (const name of ['e1', 'e2', 'e3']) {
      recent.remember('events', 'default', name, 2, body(name));
      recent.remember('events.events.k8s.io', 'default', name, 2, body(name));
    }
    expect(recent.get('pods', 'default', 'p')?.metadata.name).toBe('p');
    expect(recent.get('events', 'default', 'e1')).toBeUndefined();
    expect(recent.size).toBe(1);
  });

  it('counts and keeps only the bytes of each body, not the buffer it is a view of', () => {
    const recent = new RecentObjects(10, 4096);
    // deflateRawSync hands back a view of its 16 KiB output chunk; ten of them fit the bound.
    const bodies = Array.from({ length: 10 }, (_, i) => body(`v${i}`));
    expect(bodies[0].buffer.byteLength).toBeGreaterThan(4096);
    bodies.forEach((b, i) => recent.remember('configmaps', 'default', `v${i}`, 1, b));
    expect(recent.size).toBe(10);
    expect(recent.retainedBytes).toBeLessThan(4096);
  });

  it('keeps the newer body when a read returns after a commit', () => {
    const recent = new RecentObjects();
    recent.remember('configmaps', 'default', 'a', 11, encodeBody({ metadata: { name: 'a', resourceVersion: '11' } }));
    recent.remember('configmaps', 'default', 'a', 10, encodeBody({ metadata: { name: 'a', resourceVersion: '10' } }));
    expect(recent.get('configmaps', 'default', 'a')?.metadata.resourceVersion).toBe('11');
  });

  it('keeps nothing larger than its whole bound, and forgets what is deleted', () => {
    const recent = new RecentObjects(10, 64);
    recent.remember('configmaps', 'default', 'big', 1, encodeBody({ metadata: { name: 'big' }, data: { pad: randomBytes(200).toString('base64') } }));
    expect(recent.size).toBe(0);
    recent.remember('configmaps', 'default', 'a', 1, body('a'));
    recent.forget('configmaps', 'default', 'a');
    expect(recent.size).toBe(0);
  });
});
