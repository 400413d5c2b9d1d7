import { PatchError } from '../../../shared/api/patch/errors';
import { applyJsonPatch } from '../../../shared/api/patch/json-patch';

describe('applyJsonPatch', () => {
  // Mostly RFC 6902 Appendix A.
  const cases: Array<[string, unknown, unknown[], unknown]> = [
    ['adds an object member', { foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }], { foo: 'bar', baz: 'qux' }],
    ['adds an array element', { foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }], { foo: ['bar', 'qux', 'baz'] }],
    ['appends with -', { foo: [1] }, [{ op: 'add', path: '/foo/-', value: 2 }], { foo: [1, 2] }],
    ['adds at the end index', { foo: [1] }, [{ op: 'add', path: '/foo/1', value: 2 }], { foo: [1, 2] }],
    ['adds a nested member', { foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }], { foo: 'bar', child: { grandchild: {} } }],
    ['replaces an existing member on add', { foo: 1 }, [{ op: 'add', path: '/foo', value: 2 }], { foo: 2 }],
    ['adds an array value', { foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }], { foo: ['bar', ['abc', 'def']] }],
    ['removes an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    ['removes an array element', { foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }], { foo: ['bar', 'baz'] }],
    ['replaces a value', { baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }], { baz: 'boo', foo: 'bar' }],
    ['replaces an array element', { a: [1, 2] }, [{ op: 'replace', path: '/a/0', value: 9 }], { a: [9, 2] }],
    ['replaces the whole document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    [
      'moves a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    ['moves an array element', { foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }], { foo: ['all', 'cows', 'eat', 'grass'] }],
    ['copies a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
    ['passes a test', { baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }], { baz: 'qux', foo: ['a', 2, 'c'] }],
    ['compares objects regardless of key order', { a: { x: 1, y: 2 } }, [{ op: 'test', path: '/a', value: { y: 2, x: 1 } }], { a: { x: 1, y: 2 } }],
    ['unescapes ~0 and ~1', { '/': 9, '~1': 10 }, [{ op: 'replace', path: '/~01', value: 11 }, { op: 'remove', path: '/~1' }], { '~1': 11 }],
    [
      'patches kubernetes metadata',
      { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } },
      [{ op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'api' }],
      { metadata: { labels: { 'app.kubernetes.io/name': 'api' } } },
    ],
  ];

  it.each(cases)('%s', (_name, document, patch, expected) => {
    expect(applyJsonPatch(document, patch)).toEqual(expected);
  });

  const failures: Array<[string, unknown, unknown, string]> = [
    ['a failing test', { baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }], 'testing value /baz failed: test failed'],
    ['a test of a missing key', { a: 1 }, [{ op: 'test', path: '/b', value: 1 }], 'testing value /b failed: test failed'],
    ['an add below a missing parent', { q: { bar: 2 } }, [{ op: 'add', path: '/a/b', value: 1 }], 'add operation does not apply: doc is missing path: "/a/b": missing value'],
    ['an add past the array end', { a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }], "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"],
    ['a remove of a missing key', { a: 1 }, [{ op: 'remove', path: '/b' }], "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"],
    ['a remove below a missing parent', { a: 1 }, [{ op: 'remove', path: '/x/y' }], 'remove operation does not apply: doc is missing path: "/x/y": missing value'],
    ['a remove of a missing index', { a: [1] }, [{ op: 'remove', path: '/a/1' }], "error in remove for path: '/a/1': Unable to access invalid index: 1: invalid index referenced"],
    ['a replace of a missing key', { a: 1 }, [{ op: 'replace', path: '/b', value: 2 }], 'replace operation does not apply: doc is missing key: /b: missing value'],
    ['a replace below a missing parent', { a: 1 }, [{ op: 'replace', path: '/x/y', value: 2 }], 'replace operation does not apply: doc is missing path: /x/y: missing value'],
    ['a move from a missing parent', { a: 1 }, [{ op: 'move', from: '/x/y', path: '/b' }], 'move operation does not apply: doc is missing from path: /x/y: missing value'],
    ['a move into its own child', { a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }], 'move operation does not apply: from path /a is a prefix of path /a/c'],
    ['a copy from a missing key', { a: 1 }, [{ op: 'copy', from: '/x', path: '/b' }], 'copy operation does not apply: doc is missing from path: /x: missing value'],
    ['an unknown op', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
    ['an op without a path', { a: 1 }, [{ op: 'add', value: 1 }], 'add operation failed to decode path: missing value'],
    ['an add without a value', { a: 1 }, [{ op: 'add', path: '/b' }], 'add operation, missing value field: missing value'],
    ['a non-array patch', { a: 1 }, { op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    ['a non-object operation', { a: 1 }, ['add'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation'],
    ['a leading-zero index', { a: [1, 2] }, [{ op: 'replace', path: '/a/01', value: 3 }], 'replace operation does not apply: doc is missing key: /a/01: missing value'],
  ];

  it.each(failures)('rejects %s', (_name, document, patch, message) => {
    const apply = (): unknown => applyJsonPatch(document, patch);
    expect(apply).toThrow(PatchError);
    expect(apply).toThrow(message);
  });

  it('never mutates its inputs', () => {
    const document = { a: { b: [1, 2] } };
    const patch = [
      { op: 'add', path: '/a/b/-', value: { c: 1 } },
      { op: 'remove', path: '/a/b/0' },
    ];
    const before = JSON.stringify({ document, patch });

    const result = applyJsonPatch(document, patch);

    expect(result).toEqual({ a: { b: [2, { c: 1 }] } });
    expect(JSON.stringify({ document, patch })).toBe(before);
  });

  it('applies nothing when a later operation fails', () => {
    const document = { a: 1 };

    expect(() => applyJsonPatch(document, [{ op: 'replace', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 1 }])).toThrow(PatchError);
    expect(document).toEqual({ a: 1 });
  });

  it('copies values so later operations cannot alias them', () => {
    const result = applyJsonPatch({ a: { n: 1 } }, [
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'replace', path: '/b/n', value: 2 },
    ]);

    expect(result).toEqual({ a: { n: 1 }, b: { n: 2 } });
  });
});
