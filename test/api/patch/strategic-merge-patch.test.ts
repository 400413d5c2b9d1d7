import { PatchError } from '../../../shared/api/patch/errors';
import { applyStrategicMergePatch, PatchStrategy } from '../../../shared/api/patch/strategic-merge-patch';

/** Shaped like upstream's test struct (mergeItem), so cases read like theirs. */
const strategy: PatchStrategy = {
  mergingList: { mergeKey: 'name', strategy: 'merge' },
  'mergingList[].mergingIntList': { strategy: 'merge' },
  mergingIntList: { strategy: 'merge' },
  nonMergingList: { strategy: 'replace' },
  replacingItem: { strategy: 'replace' },
  retainKeysMap: { strategy: 'merge', retainKeys: true },
};

type Case = [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

describe('applyStrategicMergePatch', () => {
  const maps: Case[] = [
    ['adds a field', { name: 1 }, { value: 1 }, { name: 1, value: 1 }],
    ['deletes a field set to null', { name: 1, value: 1 }, { value: null }, { name: 1 }],
    ['ignores null for a field the original lacks', { name: 1 }, { value: null }, { name: 1 }],
    ['merges nested maps', { simpleMap: { key1: 1, key2: 1 } }, { simpleMap: { key2: null, key3: 3 } }, { simpleMap: { key1: 1, key3: 3 } }],
    ['leaves an empty map for $patch: delete', { simpleMap: { key1: 1 } }, { simpleMap: { $patch: 'delete' } }, { simpleMap: {} }],
    ['replaces a map for $patch: replace', { simpleMap: { a: 1, b: 2 } }, { simpleMap: { $patch: 'replace', c: 3 } }, { simpleMap: { c: 3 } }],
    ['replaces the whole object for a top-level $patch: replace', { name: 1, value: 1 }, { $patch: 'replace', value: 2 }, { value: 2 }],
    ['replaces a map whose strategy is replace', { replacingItem: { a: 1, b: 2 } }, { replacingItem: { c: 3 } }, { replacingItem: { c: 3 } }],
    ['replaces a value of another type', { simpleMap: { a: 1 } }, { simpleMap: 'x' }, { simpleMap: 'x' }],
    ['resolves nulls inside a value the original lacks', {}, { simpleMap: { a: null, b: { c: null, d: 1 } } }, { simpleMap: { b: { d: 1 } } }],
    ['clears fields missing from $retainKeys', { retainKeysMap: { name: 'foo', value: 'bar', other: 'x' } }, { retainKeysMap: { $retainKeys: ['name', 'value'], value: 'baz' } }, { retainKeysMap: { name: 'foo', value: 'baz' } }],
  ];

  const mapLists: Case[] = [
    ['merges a list element by key', { mergingList: [{ name: 1, value: 1 }, { name: 2, value: 2 }] }, { mergingList: [{ name: 2, value: 3 }] }, { mergingList: [{ name: 1, value: 1 }, { name: 2, value: 3 }] }],
    // Upstream places items new to the list before the remaining server items.
    ['puts a new element before the existing ones', { mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ name: 3 }] }, { mergingList: [{ name: 3 }, { name: 1 }, { name: 2 }] }],
    ['deletes an element with $patch: delete', { mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ name: 1, $patch: 'delete' }] }, { mergingList: [{ name: 2 }] }],
    ['ignores deleting a missing element', { mergingList: [{ name: 2 }] }, { mergingList: [{ name: 1, $patch: 'delete' }] }, { mergingList: [{ name: 2 }] }],
    ['replaces the list with $patch: replace', { mergingList: [{ name: 1 }, { name: 2 }] }, { mergingList: [{ name: 3, value: null }, { $patch: 'replace' }] }, { mergingList: [{ name: 3 }] }],
    ['empties the list with a lone $patch: replace', { mergingList: [{ name: 1 }] }, { mergingList: [{ $patch: 'replace' }] }, { mergingList: [] }],
    ['deletes a field inside an element', { mergingList: [{ name: 1, value: 1, other: 2 }] }, { mergingList: [{ name: 1, value: null }] }, { mergingList: [{ name: 1, other: 2 }] }],
    ['merges lists nested in elements', { mergingList: [{ name: 1, mergingIntList: [1, 2] }] }, { mergingList: [{ name: 1, mergingIntList: [2, 3] }] }, { mergingList: [{ name: 1, mergingIntList: [1, 2, 3] }] }],
    ['replaces a list whose strategy is replace', { nonMergingList: [{ name: 1 }, { name: 2 }] }, { nonMergingList: [{ name: 3 }] }, { nonMergingList: [{ name: 3 }] }],
    ['replaces a list with no strategy', { otherList: [1, 2] }, { otherList: [3] }, { otherList: [3] }],
    ['adds a list the original lacks', {}, { mergingList: [{ name: 1, value: null }, { name: 2, $patch: 'delete' }] }, { mergingList: [{ name: 1 }] }],
    [
      'orders elements by $setElementOrder',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }, { name: 3 }], mergingList: [{ name: 3 }] },
      { mergingList: [{ name: 1 }, { name: 2 }, { name: 3 }] },
    ],
    [
      'reorders with $setElementOrder alone',
      { mergingList: [{ name: 1, value: 1 }, { name: 2 }] },
      { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }] },
      { mergingList: [{ name: 2 }, { name: 1, value: 1 }] },
    ],
    [
      'keeps server-only elements next to their live neighbours',
      { mergingList: [{ name: 1 }, { name: 4 }, { name: 2 }] },
      { '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }] },
      { mergingList: [{ name: 4 }, { name: 2 }, { name: 1 }] },
    ],
  ];

  const scalarLists: Case[] = [
    ['unions scalar lists', { mergingIntList: [1, 2] }, { mergingIntList: [2, 3] }, { mergingIntList: [1, 2, 3] }],
    ['puts new scalars first', { mergingIntList: [1, 2] }, { mergingIntList: [3] }, { mergingIntList: [3, 1, 2] }],
    ['deletes scalars with $deleteFromPrimitiveList', { mergingIntList: [1, 2, 3] }, { '$deleteFromPrimitiveList/mergingIntList': [2, 4] }, { mergingIntList: [1, 3] }],
    ['never adds a list via $deleteFromPrimitiveList', { other: 1 }, { '$deleteFromPrimitiveList/mergingIntList': [1] }, { other: 1 }],
    ['orders scalars by $setElementOrder', { mergingIntList: [1, 2] }, { '$setElementOrder/mergingIntList': [3, 2, 1], mergingIntList: [3] }, { mergingIntList: [3, 2, 1] }],
  ];

  it.each([...maps, ...mapLists, ...scalarLists])('%s', (_name, original, patch, expected) => {
    expect(applyStrategicMergePatch(original, patch, strategy)).toEqual(expected);
  });

  const failures: Array<[string, Record<string, unknown>, unknown, string]> = [
    ['an unknown map directive', {}, { simpleMap: { $patch: 'foo', a: 1 } }, 'unknown patch type: foo in map: map[$patch:foo a:1]'],
    ['an element without its merge key', { mergingList: [{ name: 1 }] }, { mergingList: [{ value: 'b' }] }, 'map: map[value:b] does not contain declared merge key: name'],
    ['a $patch: merge list element', { mergingList: [{ name: 1 }] }, { mergingList: [{ $patch: 'merge' }] }, 'merging lists cannot yet be specified in the patch'],
    ['an unknown list element directive', { mergingList: [{ name: 1 }] }, { mergingList: [{ name: 1, $patch: 'foo' }] }, 'unknown patch type: foo in map: map[$patch:foo name:1]'],
    ['lists of lists', { mergingIntList: [[1]] }, { mergingIntList: [[2]] }, 'lists of lists are not supported'],
    ['mixed element types', { mergingIntList: [1] }, { mergingIntList: ['a'] }, 'list element types are not identical: [[1] [a]]'],
    ['a list merged without a merge key', { mergingIntList: [{ a: 1 }] }, { mergingIntList: [{ a: 2 }] }, 'cannot merge lists without merge key for type map'],
    ['a malformed $deleteFromPrimitiveList key', { mergingIntList: [1] }, { $deleteFromPrimitiveListmergingIntList: [1] }, 'invalid patch format of primitive list'],
    ['a malformed $setElementOrder key', { mergingIntList: [1] }, { $setElementOrderX: [1] }, 'invalid patch format of setElementOrder list'],
    ['a $setElementOrder that is not a list', { mergingIntList: [1] }, { '$setElementOrder/mergingIntList': 1 }, 'expected a []interface {}, but received a float64'],
    [
      'a patch list out of $setElementOrder order',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      { '$setElementOrder/mergingList': [{ name: 1 }, { name: 2 }], mergingList: [{ name: 2, v: 1 }, { name: 1, v: 1 }] },
      "doesn't match $setElementOrder list",
    ],
    ['$retainKeys that is not a list', { retainKeysMap: {} }, { retainKeysMap: { $retainKeys: 'name' } }, 'invalid patch format of retainKeys'],
    ['a field missing from $retainKeys', { retainKeysMap: {} }, { retainKeysMap: { $retainKeys: ['name'], value: 1 } }, "patch content doesn't match retainKeys list"],
    ['a patch that is not an object', {}, [1], 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ];

  it.each(failures)('rejects %s', (_name, original, patch, message) => {
    const apply = (): unknown => applyStrategicMergePatch(original, patch, strategy);
    expect(apply).toThrow(PatchError);
    expect(apply).toThrow(message);
  });

  it('treats a null patch as empty', () => {
    expect(applyStrategicMergePatch({ a: 1 }, null, strategy)).toEqual({ a: 1 });
  });

  it('never mutates its inputs', () => {
    const original = { mergingList: [{ name: 1, value: 1 }], simpleMap: { a: 1 } };
    const patch = {
      '$setElementOrder/mergingList': [{ name: 2 }, { name: 1 }],
      mergingList: [{ name: 2 }, { name: 1, value: null }],
      simpleMap: { a: null, $retainKeys: ['b'], b: 2 },
    };
    const before = JSON.stringify({ original, patch });

    const result = applyStrategicMergePatch(original, patch, strategy);

    expect(result).toEqual({ mergingList: [{ name: 2 }, { name: 1 }], simpleMap: { b: 2 } });
    expect(JSON.stringify({ original, patch })).toBe(before);
  });
});
