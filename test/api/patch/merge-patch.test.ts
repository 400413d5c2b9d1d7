import { PatchError } from '../../../shared/api/patch/errors';
import { applyMergePatch } from '../../../shared/api/patch/merge-patch';

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A.
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  it.each(cases)('merges %j with %j', (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual(expected);
  });

  it('replaces lists such as container lists whole', () => {
    const pod = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } };

    const result = applyMergePatch(pod, { spec: { containers: [{ name: 'a', image: 'z' }] } });

    expect(result).toEqual({ spec: { containers: [{ name: 'a', image: 'z' }] } });
  });

  it('never mutates its inputs', () => {
    const original = { metadata: { labels: { a: '1', b: '2' } } };
    const patch = { metadata: { labels: { a: null, c: '3' } } };
    const before = JSON.stringify({ original, patch });

    const result = applyMergePatch(original, patch);

    expect(result).toEqual({ metadata: { labels: { b: '2', c: '3' } } });
    expect(JSON.stringify({ original, patch })).toBe(before);
  });

  it('rejects a null patch as upstream does', () => {
    expect(() => applyMergePatch({ a: 1 }, null)).toThrow(new PatchError('Invalid JSON Patch'));
  });

  it('rejects values that are not JSON', () => {
    expect(() => applyMergePatch({ a: new Date(0) }, {})).toThrow(new PatchError('invalid JSON document'));
  });

  it('drops undefined properties like JSON serialisation would', () => {
    expect(applyMergePatch({ a: 1, b: undefined }, { c: 2 })).toEqual({ a: 1, c: 2 });
  });
});
