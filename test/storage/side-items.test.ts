import { SideWriteFailed } from '../../shared/storage/errors';
import { sideTransactItem } from '../../shared/storage/side-items';
import { ObjectStore, SideWrite, StoredObject } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

describe('sideTransactItem', () => {
  const key = { pk: 'a#pool', sk: '10.0.0.1' };
  it.each<[string, SideWrite, object]>([
    ['puts without a condition', { put: key, attributes: { owner: 'default/web' } }, { Put: { TableName: 't', Item: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' }, owner: { S: 'default/web' } } } }],
    [
      'puts only where there is no item',
      { put: key, attributes: { n: 3, groups: ['a', 'b'] }, condition: { absent: true } },
      { Put: { TableName: 't', Item: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' }, n: { N: '3' }, groups: { L: [{ S: 'a' }, { S: 'b' }] } }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    [
      'puts on an attribute still at a value',
      { put: key, attributes: { v: 5 }, condition: { attribute: 'v', equals: 4 } },
      { Put: { TableName: 't', Item: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' }, v: { N: '5' } }, ConditionExpression: '#a = :v', ExpressionAttributeNames: { '#a': 'v' }, ExpressionAttributeValues: { ':v': { N: '4' } } } },
    ],
    [
      'puts on an attribute at a value or no item at all',
      { put: key, attributes: { owner: 'o' }, condition: { attribute: 'owner', equals: 'o', orAbsent: true } },
      {
        Put: {
          TableName: 't',
          Item: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' }, owner: { S: 'o' } },
          ConditionExpression: 'attribute_not_exists(pk) OR #a = :v',
          ExpressionAttributeNames: { '#a': 'owner' },
          ExpressionAttributeValues: { ':v': { S: 'o' } },
        },
      },
    ],
    [
      'puts where there is no item or a number outside a range',
      { put: key, attributes: { due: 70 }, condition: { attribute: 'due', atMost: 12, above: 70 } },
      {
        Put: {
          TableName: 't',
          Item: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' }, due: { N: '70' } },
          ConditionExpression: 'attribute_not_exists(pk) OR #a <= :lo OR #a > :hi',
          ExpressionAttributeNames: { '#a': 'due' },
          ExpressionAttributeValues: { ':lo': { N: '12' }, ':hi': { N: '70' } },
        },
      },
    ],
    ['deletes', { delete: key }, { Delete: { TableName: 't', Key: { pk: { S: 'a#pool' }, sk: { S: '10.0.0.1' } } } }],
  ])('%s', (_what, write, item) => {
    expect(sideTransactItem('t', write)).toEqual(item);
  });

  it.each([
    ['an object partition', { put: { pk: 'o#pods', sk: 'default/web' }, attributes: {} }, /store's own partitions/],
    ['a revision counter', { delete: { pk: 'r#pods', sk: '-' } }, /store's own partitions/],
    ['a key attribute', { put: { pk: 'a#pool', sk: 'x' }, attributes: { sk: 'y' } }, /may not set its key/],
  ])('refuses to write %s', (_what, write, message) => {
    expect(() => sideTransactItem('t', write as SideWrite)).toThrow(message);
  });
});

describe('ObjectStore side items', () => {
  let store: ObjectStore;

  beforeEach(async () => {
    const fresh = await freshTable();
    store = new ObjectStore({ client: fresh.client, table: fresh.table, gapTimeoutMs: 5000 });
  });

  it('puts, reads back, lists by prefix in sort-key order and deletes', async () => {
    expect(await store.writeSideItem({ put: { pk: 'c#test', sk: 'token#b' }, attributes: { username: 'bob', groups: ['dev'] } })).toBe(true);
    await store.writeSideItem({ put: { pk: 'c#test', sk: 'token#a' }, attributes: { username: 'alice', groups: [] } });
    await store.writeSideItem({ put: { pk: 'c#test', sk: 'seed' }, attributes: { n: 7 } });

    expect(await store.sideItem({ pk: 'c#test', sk: 'token#b' })).toEqual({ username: 'bob', groups: ['dev'] });
    expect(await store.sideItem({ pk: 'c#test', sk: 'seed' })).toEqual({ n: 7 });
    expect((await store.sideItems('c#test', 'token#')).map((i) => [i.sk, i.attributes.username])).toEqual([['token#a', 'alice'], ['token#b', 'bob']]);
    expect(await store.sideItems('c#test')).toHaveLength(3);

    await store.writeSideItem({ delete: { pk: 'c#test', sk: 'token#a' } });
    expect(await store.sideItem({ pk: 'c#test', sk: 'token#a' })).toBeUndefined();
  });

  it('answers false, and changes nothing, when a side write fails its condition', async () => {
    expect(await store.writeSideItem({ put: { pk: 'c#test', sk: 'seed' }, attributes: { seed: 'first' }, condition: { absent: true } })).toBe(true);
    expect(await store.writeSideItem({ put: { pk: 'c#test', sk: 'seed' }, attributes: { seed: 'second' }, condition: { absent: true } })).toBe(false);
    expect(await store.sideItem({ pk: 'c#test', sk: 'seed' })).toEqual({ seed: 'first' });
  });

  it('commits a side write with its object or neither', async () => {
    await store.create('namespaces', { metadata: { name: 'default' }, status: { phase: 'Active' } });
    const svc = (name: string): StoredObject => ({ metadata: { name, namespace: 'default' } });
    const claim = (owner: string): SideWrite => ({ put: { pk: 'a#test', sk: '10.0.0.1' }, attributes: { owner }, condition: { attribute: 'owner', equals: owner, orAbsent: true } });

    await store.create('services', svc('a'), { sideWrites: [claim('default/a')] });
    await expect(store.create('services', svc('b'), { sideWrites: [claim('default/b')] })).rejects.toBeInstanceOf(SideWriteFailed);

    expect(await store.sideItem({ pk: 'a#test', sk: '10.0.0.1' })).toEqual({ owner: 'default/a' });
    expect(await store.get('services', 'default', 'b')).toBeUndefined();
  });
});

describe('Revisions.counters', () => {
  it("reads each resource's counter as it stands, 0 for one never written", async () => {
    const fresh = await freshTable();
    const store = new ObjectStore({ client: fresh.client, table: fresh.table });
    await store.create('configmaps', { metadata: { name: 'a', namespace: 'default' } });
    const b = await store.create('configmaps', { metadata: { name: 'b', namespace: 'default' } });

    const counters = await store.revisions.counters(['configmaps', 'secrets']);

    expect(counters).toEqual(new Map([['configmaps', Number(b.metadata.resourceVersion)], ['secrets', 0]]));
  });
});
