import { Deployment, ReplicaSet } from '../../../shared/api/types';
import { deploymentPrinter, replicaSetPrinter } from '../../../shared/apiserver/printers/workloads';
import { HOUR, ago, columnShape, row } from './fixtures';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3' }] },
};

describe('deploymentPrinter', () => {
  it('declares upstream columns', () => {
    expect(columnShape(deploymentPrinter)).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Up-to-date', 'string', 0],
      ['Available', 'string', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>]>([
    [
      'prints ready over desired replicas and integer counts',
      { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      { replicas: 3, readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      { Ready: '2/3', 'Up-to-date': 3, Available: 2, Containers: 'app,log', Images: 'nginx:1.27,fluent-bit:3', Selector: 'app=web' },
    ],
    [
      'prints zeros before the controller reports status',
      { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      undefined,
      { Ready: '0/2', 'Up-to-date': 0, Available: 0 },
    ],
    [
      'prints set-based selectors sorted by key, without <none> for an empty one',
      {
        selector: {
          matchLabels: { tier: 'fe' },
          matchExpressions: [
            { key: 'env', operator: 'In', values: ['prod', 'canary'] },
            { key: 'app', operator: 'Exists' },
          ],
        },
        template,
      },
      undefined,
      { Ready: '0/1', Selector: 'app,env in (canary,prod),tier=fe' },
    ],
    ['prints an empty selector as an empty cell', { selector: {}, template }, undefined, { Selector: '' }],
  ])('%s', (_, spec, status, expected) => {
    const deployment = Deployment.parse({ metadata: { name: 'web', creationTimestamp: ago(2 * HOUR) }, spec, status });

    expect(row(deploymentPrinter, deployment)).toMatchObject({ Name: 'web', Age: '120m', ...expected });
  });
});

describe('replicaSetPrinter', () => {
  it('declares integer Desired, Current and Ready columns', () => {
    expect(columnShape(replicaSetPrinter)).toEqual([
      ['Name', 'string', 0],
      ['Desired', 'integer', 0],
      ['Current', 'integer', 0],
      ['Ready', 'integer', 0],
      ['Age', 'string', 0],
      ['Containers', 'string', 1],
      ['Images', 'string', 1],
      ['Selector', 'string', 1],
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>]>([
    [
      'prints desired, current and ready replicas',
      { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9' } }, template },
      { replicas: 3, readyReplicas: 1 },
      { Desired: 3, Current: 3, Ready: 1, Selector: 'app=web,pod-template-hash=7d4b9' },
    ],
    [
      'prints NotIn and DoesNotExist requirements',
      {
        replicas: 0,
        selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }, { key: 'legacy', operator: 'DoesNotExist' }] },
        template,
      },
      { replicas: 0 },
      { Desired: 0, Current: 0, Ready: 0, Selector: 'env notin (dev),!legacy' },
    ],
    ['prints <none> for an empty selector', { selector: {}, template }, { replicas: 0 }, { Desired: 1, Selector: '<none>' }],
    [
      'prints <error> for a selector that cannot be converted',
      { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, template },
      { replicas: 0 },
      { Selector: '<error>' },
    ],
  ])('%s', (_, spec, status, expected) => {
    const replicaSet = ReplicaSet.parse({ metadata: { name: 'web-7d4b9', creationTimestamp: ago(HOUR) }, spec, status });

    expect(row(replicaSetPrinter, replicaSet)).toMatchObject({ Name: 'web-7d4b9', Age: '60m', ...expected });
  });
});
