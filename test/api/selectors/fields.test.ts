import {
  escapeFieldValue,
  FieldRequirement,
  formatFieldSelector,
  matchesFields,
  parseFieldSelector,
} from '../../../shared/api/selectors/fields';
import { SelectorError } from '../../../shared/api/selectors/errors';

describe('parseFieldSelector', () => {
  const cases: Array<[string, FieldRequirement[]]> = [
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', op: '=', value: 'web' }]],
    ['status.phase!=Running', [{ field: 'status.phase', op: '!=', value: 'Running' }]],
    ['spec.nodeName=', [{ field: 'spec.nodeName', op: '=', value: '' }]],
    [
      'status.phase!=Failed,metadata.namespace=default',
      [
        { field: 'metadata.namespace', op: '=', value: 'default' },
        { field: 'status.phase', op: '!=', value: 'Failed' },
      ],
    ],
    ['a=b,,', [{ field: 'a', op: '=', value: 'b' }]],
    ['a=x\\,y', [{ field: 'a', op: '=', value: 'x,y' }]],
    ['a=x\\=y', [{ field: 'a', op: '=', value: 'x=y' }]],
    ['a=x\\\\y', [{ field: 'a', op: '=', value: 'x\\y' }]],
    ['a!=\\,', [{ field: 'a', op: '!=', value: ',' }]],
  ];

  it.each(cases)('parses %j', (input, expected) => {
    expect(parseFieldSelector(input)).toEqual(expected);
  });

  const errors: Array<[string, string]> = [
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];

  it.each(errors)('rejects %j with upstream wording', (input, message) => {
    const parse = (): unknown => parseFieldSelector(input);
    expect(parse).toThrow(SelectorError);
    expect(parse).toThrow(message);
  });
});

describe('matchesFields', () => {
  const fields = { 'metadata.name': 'web', 'status.phase': 'Running' };
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name=db', false],
    ['status.phase!=Failed', true],
    ['status.phase!=Running', false],
    ['metadata.name=web,status.phase=Running', true],
    ['metadata.name=web,status.phase=Pending', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
  ];

  it.each(cases)('evaluates %j', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), fields)).toBe(expected);
  });
});

describe('escapeFieldValue', () => {
  it.each(['plain', 'a,b', 'a=b', 'a\\b', '\\,='])('round-trips %j through a selector string', (value) => {
    const selector = formatFieldSelector([{ field: 'f', op: '=', value }]);

    expect(parseFieldSelector(selector)).toEqual([{ field: 'f', op: '=', value }]);
    expect(selector).toBe(`f=${escapeFieldValue(value)}`);
  });
});
