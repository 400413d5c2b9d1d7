import {
  formatLabelRequirements,
  LabelRequirement,
  matchesLabels,
  parseLabelSelector,
  SelectorError,
} from '../../../shared/api/selectors/labels';

describe('parseLabelSelector', () => {
  const cases: Array<[string, LabelRequirement[]]> = [
    ['', []],
    ['   ', []],
    ['a=b', [{ key: 'a', operator: '=', values: ['b'] }]],
    ['a==b', [{ key: 'a', operator: '==', values: ['b'] }]],
    ['a!=b', [{ key: 'a', operator: '!=', values: ['b'] }]],
    ['a=', [{ key: 'a', operator: '=', values: [''] }]],
    ['a in (y,x)', [{ key: 'a', operator: 'in', values: ['x', 'y'] }]],
    ['a notin (x)', [{ key: 'a', operator: 'notin', values: ['x'] }]],
    ['a in ()', [{ key: 'a', operator: 'in', values: [''] }]],
    ['a in (,x)', [{ key: 'a', operator: 'in', values: ['', 'x'] }]],
    ['a in (in,notin)', [{ key: 'a', operator: 'in', values: ['in', 'notin'] }]],
    ['a', [{ key: 'a', operator: 'exists', values: [] }]],
    ['!a', [{ key: 'a', operator: '!', values: [] }]],
    ['a>1', [{ key: 'a', operator: 'gt', values: ['1'] }]],
    ['a<10', [{ key: 'a', operator: 'lt', values: ['10'] }]],
    ['example.com/app=web', [{ key: 'example.com/app', operator: '=', values: ['web'] }]],
    [
      ' z = 1 ,\ta in ( x , y ) , !b ',
      [
        { key: 'a', operator: 'in', values: ['x', 'y'] },
        { key: 'b', operator: '!', values: [] },
        { key: 'z', operator: '=', values: ['1'] },
      ],
    ],
  ];

  it.each(cases)('parses %j', (input, expected) => {
    expect(parseLabelSelector(input)).toEqual(expected);
  });

  const errors: Array<[string, string]> = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=b,', "found '', expected: identifier after ','"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a>b', `unable to parse requirement: values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a>-1', 'unable to parse requirement: values[0][a]: Invalid value: "-1": a valid label must be an empty string'],
    ['-a=b', 'unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of alphanumeric characters'],
    ['a/b/c', 'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of'],
  ];

  it.each(errors)('rejects %j with upstream wording', (input, message) => {
    const parse = (): unknown => parseLabelSelector(input);
    expect(parse).toThrow(SelectorError);
    expect(parse).toThrow(message);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', replicas: '3' };
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['', labels, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['missing!=x', labels, true],
    ['app in (db,web)', labels, true],
    ['app notin (web)', labels, false],
    ['missing notin (web)', labels, true],
    ['missing in (web)', labels, false],
    ['tier', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['!tier', labels, false],
    ['replicas>2', labels, true],
    ['replicas>3', labels, false],
    ['replicas<4', labels, true],
    ['app>1', labels, false],
    ['missing<4', labels, false],
    ['app=web,tier=back', labels, false],
    ['app=web,tier=front', labels, true],
    ['big>9007199254740992', { big: '9007199254740993' }, true],
  ];

  it.each(cases)('evaluates %j', (selector, set, expected) => {
    expect(matchesLabels(selector, set)).toBe(expected);
  });

  it('treats missing labels as an empty set', () => {
    expect(matchesLabels('!app', undefined)).toBe(true);
    expect(matchesLabels('app', null)).toBe(false);
  });

  it('accepts already parsed requirements', () => {
    const requirements = parseLabelSelector('app in (web)');

    expect(matchesLabels(requirements, { app: 'web' })).toBe(true);
  });
});

describe('formatLabelRequirements', () => {
  it.each([
    ['b=1,a in (y,x),!c,d', 'a in (x,y),b=1,!c,d'],
    ['x==1,y!=2,z>3,w<4', 'w<4,x==1,y!=2,z>3'],
  ])('prints %j canonically', (input, expected) => {
    expect(formatLabelRequirements(parseLabelSelector(input))).toBe(expected);
  });
});
