import { LabelSelector, Labels, labelSelectorToRequirements, matchesLabels } from '../../shared/api/selectors/labels';
import { compileLabelMatcher } from '../../shared/scheduler/label-matcher';

describe('compileLabelMatcher', () => {
  const labelSets: Labels[] = [{}, { app: 'web' }, { app: 'web', tier: 'front' }, { app: 'db' }, { constructor: 'x' }];
  const selectors: Array<[string, LabelSelector]> = [
    ['empty', {}],
    ['matchLabels', { matchLabels: { app: 'web' } }],
    ['two matchLabels', { matchLabels: { app: 'web', tier: 'front' } }],
    ['In with one value', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }],
    ['In with two values', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }],
    ['NotIn', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }],
    ['a key named like an Object method', { matchLabels: { constructor: 'x' } }],
  ];

  it.each(selectors)('agrees with matchesLabels for %s', (_name, selector) => {
    const requirements = labelSelectorToRequirements(selector);
    const matcher = compileLabelMatcher(requirements);
    for (const labels of labelSets) expect(matcher(labels)).toBe(matchesLabels(requirements, labels));
  });

  it('matches nothing for a missing selector', () => {
    expect(compileLabelMatcher(null)({ app: 'web' })).toBe(false);
  });
});
