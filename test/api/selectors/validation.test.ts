import { validateLabelKey, validateLabelValue } from '../../../shared/api/selectors/labels';

const NAME_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('validateLabelKey', () => {
  it.each(['a', 'app.kubernetes.io/name', 'A_b-c.d', 'x'.repeat(63), `${'a'.repeat(253)}/b`])('accepts %j', (key) => {
    expect(validateLabelKey(key)).toEqual([]);
  });

  const invalid: Array<[string, string[]]> = [
    ['', ['name part must be non-empty', NAME_REGEX_ERROR]],
    ['-a', [NAME_REGEX_ERROR]],
    ['x'.repeat(64), ['name part must be no more than 63 characters']],
    ['/a', ['prefix part must be non-empty']],
    [
      'Example.com/a',
      [
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [`${'a'.repeat(254)}/b`, ['prefix part must be no more than 253 characters']],
  ];

  it.each(invalid)('rejects %j with upstream messages', (key, expected) => {
    expect(validateLabelKey(key)).toEqual(expected);
  });

  it('rejects more than one slash with the qualified-name message', () => {
    expect(validateLabelKey('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') " +
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });
});

describe('validateLabelValue', () => {
  it.each(['', 'a', 'my_value', '12345', 'a'.repeat(63)])('accepts %j', (value) => {
    expect(validateLabelValue(value)).toEqual([]);
  });

  const REGEX_ERROR =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
    "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  it.each<[string, string[]]>([
    ['-a', [REGEX_ERROR]],
    ['a b', [REGEX_ERROR]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    [`-${'a'.repeat(63)}`, ['must be no more than 63 characters', REGEX_ERROR]],
  ])('rejects %j with upstream messages', (value, expected) => {
    expect(validateLabelValue(value)).toEqual(expected);
  });
});
