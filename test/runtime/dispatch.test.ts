import type { DynamoDBRecord } from 'aws-lambda';
import { dispatch, Dispatcher } from '../../shared/runtime/dispatch';
import type { WorkKey } from '../../shared/runtime/work';

const record = (seq: string, name: string, namespace = 'default'): DynamoDBRecord => ({
  eventName: 'MODIFY',
  dynamodb: { SequenceNumber: seq, Keys: { pk: { S: 'o#pods' }, sk: { S: `${namespace}/${name}` } } },
});

/** Routes each pod record to its owner, `rs-<pod name's first letter>`, grouped by namespace. */
function grouping(fail?: string) {
  const singles: string[] = [];
  const groups: string[][] = [];
  const d: Dispatcher = {
    route: (r) => {
      const [namespace, name] = String(r.dynamodb?.Keys?.sk?.S).split('/');
      return [{ resource: 'replicasets.apps', namespace, name: `rs-${name[0]}` }];
    },
    async reconcile(key: WorkKey) {
      singles.push(key.name);
      return {};
    },
    groupOf: (key) => key.namespace,
    async reconcileGroup(keys) {
      groups.push(keys.map((k) => `${k.namespace}/${k.name}`));
      if (keys.some((k) => k.name === fail)) throw new Error('boom');
      return keys.map(() => ({}));
    },
  };
  return { d, singles, groups };
}

describe('dispatch with grouped reconciles', () => {
  it('reconciles the keys of one group together, once each, and lone keys alone', async () => {
    const g = grouping();
    const out = await dispatch('test', { Records: [record('1', 'a1'), record('2', 'b1'), record('3', 'a2'), record('4', 'c1', 'other')] }, g.d, undefined);
    expect(out.batchItemFailures).toEqual([]);
    expect(g.groups.map((keys) => keys.sort())).toEqual([['default/rs-a', 'default/rs-b']]);
    // A group of one is an ordinary reconcile.
    expect(g.singles).toEqual(['rs-c']);
  });

  it('fails every record behind a failed group, and only those', async () => {
    const g = grouping('rs-b');
    const out = await dispatch('test', { Records: [record('1', 'a1'), record('2', 'b1'), record('3', 'c1', 'other')] }, g.d, undefined);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['1', '2']);
  });
});
