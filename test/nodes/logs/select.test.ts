import { formatLine, limitBytes, rfc3339Nano, selectLines } from '../../../shared/nodes/logs/select';

const T = Date.parse('2026-12-01T10:00:00Z');
const lines = [0, 1, 2, 3, 4].map((i) => ({ time: T + i * 1000, text: `line ${i}` }));

describe('selectLines', () => {
  it.each<[string, { since?: number; tail?: number }, string[]]>([
    ['everything', {}, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']],
    ['the last two', { tail: 2 }, ['line 3', 'line 4']],
    ['none with tail 0', { tail: 0 }, []],
    ['more than there are', { tail: 10 }, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4']],
    ['since a time, inclusive', { since: T + 3000 }, ['line 3', 'line 4']],
    ['the last three, then since', { tail: 3, since: T + 3000 }, ['line 3', 'line 4']],
  ])('selects %s', (_name, sel, texts) => {
    expect(selectLines(lines, sel).map((l) => l.text)).toEqual(texts);
  });
});

describe('rfc3339Nano', () => {
  it.each([
    [Date.parse('2026-12-01T10:00:00.123Z'), '2026-12-01T10:00:00.123Z'],
    [Date.parse('2026-12-01T10:00:00.120Z'), '2026-12-01T10:00:00.12Z'],
    [Date.parse('2026-12-01T10:00:00.000Z'), '2026-12-01T10:00:00Z'],
  ])('formats %s as Go does', (ms, text) => {
    expect(rfc3339Nano(ms)).toBe(text);
  });
});

describe('formatLine', () => {
  it('prefixes the timestamp and a space when asked', () => {
    expect(formatLine({ time: T, text: 'hello' }, true)).toBe('2026-12-01T10:00:00Z hello\n');
    expect(formatLine({ time: T, text: 'hello' }, false)).toBe('hello\n');
  });
});

describe('limitBytes', () => {
  it('cuts mid-line once the limit is reached', () => {
    expect(limitBytes('hello\n', 3)).toEqual({ text: 'hel', remaining: 0 });
    expect(limitBytes('hello\n', 10)).toEqual({ text: 'hello\n', remaining: 4 });
    expect(limitBytes('hello\n', undefined)).toEqual({ text: 'hello\n', remaining: undefined });
  });
});
