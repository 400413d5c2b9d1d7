import {
  formatLabelSelector,
  LabelSelector,
  labelSelectorToRequirements,
  matchesLabelSelector,
  SelectorError,
} from '../../../shared/api/selectors/labels';

describe('labelSelectorToRequirements', () => {
  it('turns matchLabels and matchExpressions into requirements sorted by key', () => {
    const selector: LabelSelector = {
      matchLabels: { tier: 'front', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists', values: [] },
        { key: 'team', operator: 'NotIn', values: ['ops'] },
      ],
    };

    expect(labelSelectorToRequirements(selector)).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'canary', operator: '!', values: [] },
      { key: 'env', operator: 'in', values: ['prod', 'dev'] },
      { key: 'team', operator: 'notin', values: ['ops'] },
      { key: 'tier', operator: '=', values: ['front'] },
      { key: 'zone', operator: 'exists', values: [] },
    ]);
  });

  const invalid: Array<[string, LabelSelector, string]> = [
    ['an unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In' }] }, "for 'in', 'notin' operators, values set can't be empty"],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values set must be empty for exists and does not exist'],
    ['a bad key', { matchLabels: { 'a b': 'c' } }, 'key: Invalid value: "a b": name part must consist'],
    ['a bad value', { matchLabels: { a: 'b c' } }, 'values[0][a]: Invalid value: "b c": a valid label must be'],
  ];

  it.each(invalid)('rejects %s', (_name, selector, message) => {
    const convert = (): unknown => labelSelectorToRequirements(selector);
    expect(convert).toThrow(SelectorError);
    expect(convert).toThrow(message);
  });
});

describe('matchesLabelSelector', () => {
  const labels = { app: 'web', env: 'prod' };
  const cases: Array<[string, LabelSelector | null | undefined, boolean]> = [
    ['a missing selector matches nothing', undefined, false],
    ['a null selector matches nothing', null, false],
    ['an empty selector matches everything', {}, true],
    ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, true],
    ['matching matchLabels', { matchLabels: { app: 'web' } }, true],
    ['mismatching matchLabels', { matchLabels: { app: 'db' } }, false],
    ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, true],
    ['NotIn', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, true],
    ['labels and expressions together', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] }, true],
  ];

  it.each(cases)('handles %s', (_name, selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });

  it('matches an object without labels only when the selector allows it', () => {
    expect(matchesLabelSelector({}, undefined)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, undefined)).toBe(false);
  });
});

describe('formatLabelSelector', () => {
  const cases: Array<[LabelSelector | null | undefined, string]> = [
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'nginx' } }, 'app=nginx'],
    [{ matchLabels: { app: 'nginx' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, 'app=nginx,tier in (a,b)'],
    [{ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }, { key: 'a', operator: 'Exists' }] }, 'a,!x'],
    [{ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, '<error>'],
  ];

  it.each(cases)('prints %j as %j', (selector, expected) => {
    expect(formatLabelSelector(selector)).toBe(expected);
  });
});
